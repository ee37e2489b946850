/* Declarations of every check function named in rules.def, plus helpers the
 * checks share.  Each theme's checks live in their own file. */
#pragma once

#include "../model/dockerfile.h"
#include "../model/shell.h"
#include "rules.h"

#define BH_RULE(id, num, slug, sev, subj, flags, fn, title, hint) BH_RULE_DECL_##subj(fn)
#define BH_RULE_DECL_IMAGE_REF(fn) void fn(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e);
#define BH_RULE_DECL_CONTAINER(fn) void fn(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e);
#define BH_RULE_DECL_DOCKERFILE(fn) void fn(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e);
#define BH_RULE_DECL_INPUT(fn)
#define BH_RULE_DECL_SCAN(fn)
#define BH_RULE_DECL_KUBERNETES(fn) void fn(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e);
#define BH_RULE_DECL_DAEMON(fn) void fn(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e);
#define BH_RULE_DECL_HOST(fn) void fn(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e);
#define BH_RULE_DECL_PACKAGE(fn) void fn(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e);
#define BH_RULE_DECL_IMAGE(fn) void fn(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e);
#include "rules.def"
#undef BH_RULE
#undef BH_RULE_DECL_IMAGE_REF
#undef BH_RULE_DECL_CONTAINER
#undef BH_RULE_DECL_DOCKERFILE
#undef BH_RULE_DECL_INPUT
#undef BH_RULE_DECL_SCAN
#undef BH_RULE_DECL_KUBERNETES
#undef BH_RULE_DECL_DAEMON
#undef BH_RULE_DECL_HOST
#undef BH_RULE_DECL_PACKAGE
#undef BH_RULE_DECL_IMAGE
