#include "vuln.h"
#include "finding.h"

#include "../util/bh-banned.h"

void bh_vuln_report_release(struct bh_vuln_report *r)
{
        if (!r)
                return;
        free(r->matches.v);
        free(r->undecided.v);
        memset(&r->matches, 0, sizeof(r->matches));
        memset(&r->undecided, 0, sizeof(r->undecided));
}

void bh_finding_vuln_free(struct bh_finding_vuln *v)
{
        if (!v)
                return;
        free(v->id);
        free(v->cve);
        free(v->related);
        free(v->ecosystem);
        free(v->package);
        free(v->source);
        free(v->installed);
        free(v->fixed);
        free(v->severity_source);
        free(v);
}
