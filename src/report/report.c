#include "report.h"

#include "../util/bh-banned.h"
