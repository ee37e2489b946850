FROM alpine:3.20
RUN cat <<E1 <<E2 <<E3 <<E4 <<E5 <<E6 <<E7 <<E8 <<E9 <<E10 <<E11 <<E12 <<E13 <<E14 <<E15 <<E16 <<E17
echo 1
E1
echo 2
E2
echo 3
E3
echo 4
E4
echo 5
E5
echo 6
E6
echo 7
E7
echo 8
E8
echo 9
E9
echo 10
E10
echo 11
E11
echo 12
E12
echo 13
E13
echo 14
E14
echo 15
E15
echo 16
E16
echo 17
E17
