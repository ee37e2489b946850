#include <stdio.h>

int main(void)
{
        puts("bulkhead");
        return 0;
}
