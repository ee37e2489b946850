#include "../util/bh-macro.h"

#include "../util/bh-banned.h"
