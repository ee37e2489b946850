/* Included last in every .c file: using one of these is a compile error (git banned.h). */
#pragma once

#define BH_BANNED(func) sorry_##func##_is_banned_in_bulkhead

#undef strcpy
#define strcpy(x, y) BH_BANNED(strcpy)
#undef strcat
#define strcat(x, y) BH_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BH_BANNED(strncpy)
#undef sprintf
#define sprintf(...) BH_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BH_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BH_BANNED(strtok)
#undef atoi
#define atoi(x) BH_BANNED(atoi)
#undef atol
#define atol(x) BH_BANNED(atol)
#undef system
#define system(x) BH_BANNED(system)
#undef popen
#define popen(x, y) BH_BANNED(popen)
#undef gmtime
#define gmtime(x) BH_BANNED(gmtime)
#undef localtime
#define localtime(x) BH_BANNED(localtime)
