#include "checks.h"

#include "../util/bh-banned.h"
