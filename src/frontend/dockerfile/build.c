#include "../frontend.h"

#include "../../util/bh-banned.h"
