/* libFuzzer target: the run-line frontend (scripts, Makefiles, systemd units,
 * GitHub and GitLab CI YAML, Markdown) through the shell tokenizer and the
 * run-flag parser.  The first byte picks the kind of file. */
#include <stdint.h>

#include "../../src/frontend/frontend.h"

#include "../../src/util/bh-banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const names[] = {"run.sh",         "Makefile",
                                            "app.service",    ".github/workflows/ci.yml",
                                            ".gitlab-ci.yml", "README.md"};
        struct bh_error *err = NULL;
        struct bh_doc doc;
        char *text;

        if (!size)
                return 0;
        text = malloc(size);
        if (!text)
                return 0;
        memcpy(text, data + 1, size - 1);
        text[size - 1] = '\0';
        bh_doc_init(&doc, names[data[0] % BH_ELEMENTSOF(names)], BH_SURFACE_RUNCMD, text, size - 1);
        bh_frontend_runline(&doc, &err);
        bh_error_free(err);
        bh_doc_release(&doc);
        free(text);
        return 0;
}
