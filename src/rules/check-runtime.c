/* Hardening a run-time container should have and often lacks: capabilities
 * dropped, no-new-privileges, a read-only root filesystem, resource limits,
 * and no secrets in its environment.  The "absent" findings are low so that
 * the default --fail-on medium does not fail on them (they fire on most real
 * deploy files); explicitly weakening a setting is reported higher. */
#include <ctype.h>

#include "../util/strutil.h"
#include "checks.h"
#include "ruleutil.h"

#include "../util/bh-banned.h"

static bool bh_drops_all(const struct bh_container *c)
{
        for (size_t j = 0; j < c->cap_drop.n; j++)
                if (c->cap_drop.v[j].name && strcmp(c->cap_drop.v[j].name, "ALL") == 0)
                        return true;
        return false;
}

void bh_check_cap_drop_missing(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                if (!bh_ruleutil_is_runtime(c) || bh_drops_all(c))
                        continue;
                if (c->cap_drop.n)
                        bh_emit(e, c->cap_drop.v[0].loc,
                                "container %s drops some capabilities but not ALL: it keeps the "
                                "rest of the engine default set (NET_RAW, MKNOD, SETUID, ...)",
                                bh_ruleutil_ctr_name(c));
                else
                        bh_emit(e, bh_ruleutil_owner_loc(c),
                                "container %s does not drop ALL capabilities: it keeps the engine "
                                "default set (NET_RAW, MKNOD, SETUID, DAC_OVERRIDE, ...)",
                                bh_ruleutil_ctr_name(c));
        }
}

void bh_check_no_new_privileges(const struct bh_rule *r, const struct bh_doc *doc,
                                struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                if (!bh_ruleutil_is_runtime(c) || c->no_new_privileges == BH_TRUE)
                        continue;
                if (c->no_new_privileges == BH_FALSE)
                        bh_emit_sev(e, BH_SEV_MEDIUM,
                                    bh_ruleutil_loc_or_owner(c->no_new_privileges_loc, c),
                                    "container %s explicitly allows privilege escalation: setuid "
                                    "binaries and file capabilities can raise its privileges",
                                    bh_ruleutil_ctr_name(c));
                else
                        bh_emit(e, bh_ruleutil_owner_loc(c),
                                "container %s does not set no-new-privileges: setuid binaries and "
                                "file capabilities in the image can raise its privileges",
                                bh_ruleutil_ctr_name(c));
        }
}

void bh_check_writable_rootfs(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                if (!bh_ruleutil_is_runtime(c) || c->read_only_rootfs == BH_TRUE)
                        continue;
                bh_emit(e, bh_ruleutil_loc_or_owner(c->read_only_rootfs_loc, c),
                        "container %s has a writable root filesystem: an intruder can change "
                        "its programs and drop tools (mount tmpfs or volumes where it must write)",
                        bh_ruleutil_ctr_name(c));
        }
}

void bh_check_no_resource_limits(const struct bh_rule *r, const struct bh_doc *doc,
                                 struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                if (!bh_ruleutil_is_runtime(c) || c->mem_limit.set)
                        continue;
                bh_emit(e, bh_ruleutil_owner_loc(c),
                        "container %s has no memory limit: it can take the host's memory and "
                        "get other containers or host services killed",
                        bh_ruleutil_ctr_name(c));
        }
}

/* "$VAR" / "${VAR}" alone: the value comes from elsewhere. */
static bool bh_is_reference(const char *v)
{
        size_t n;

        if (v[0] != '$')
                return false;
        if (v[1] == '{') {
                n = strcspn(v, "}");
                return v[n] == '}' && v[n + 1] == '\0';
        }
        for (n = 1; v[n]; n++)
                if (!isalnum((unsigned char)v[n]) && v[n] != '_')
                        return false;
        return n > 1;
}

void bh_check_secret_in_env(const struct bh_rule *r, const struct bh_doc *doc, struct bh_emit *e)
{
        (void)r;
        for (size_t i = 0; i < doc->containers.n; i++) {
                const struct bh_container *c = doc->containers.v[i];

                if (!bh_ruleutil_is_runtime(c))
                        continue;
                for (size_t j = 0; j < c->env.n; j++) {
                        const struct bh_env *v = &c->env.v[j];
                        const char *what = NULL;

                        /* -e NAME and --env-file pass values from elsewhere */
                        if (!v->name || !v->value || !v->value[0] || bh_is_reference(v->value))
                                continue;
                        what = bh_ruleutil_secret_value(v->value);
                        if (what)
                                bh_emit(e, v->loc,
                                        "environment variable %s of container %s holds what looks "
                                        "like %s: it is visible in inspect output, /proc and "
                                        "logs; use a secret mount instead",
                                        v->name, bh_ruleutil_ctr_name(c), what);
                        else if (v->value_known && bh_ruleutil_secret_name(v->name))
                                bh_emit(e, v->loc,
                                        "environment variable %s of container %s looks like a "
                                        "secret written in the file: it is visible in inspect "
                                        "output, /proc and logs; use a secret mount instead",
                                        v->name, bh_ruleutil_ctr_name(c));
                }
        }
}
