/* Every limit on untrusted input, in one place.  Each one has a test that
 * crosses it (tests/unit/test-limits.c and tests/cli).  The values stop
 * pathological input without refusing real files. */
#pragma once

/* Largest file bulkhead reads as a build or deploy file. */
#define BH_LIMIT_FILE_SIZE (8u * 1024u * 1024u)
/* Longest physical line in a text input. */
#define BH_LIMIT_LINE_LENGTH (256u * 1024u)
/* Most instructions in one Dockerfile. */
#define BH_LIMIT_DF_INSTRUCTIONS 20000u
/* Largest single heredoc body. */
#define BH_LIMIT_HEREDOC_SIZE (1024u * 1024u)
/* Most heredocs in one instruction. */
#define BH_LIMIT_HEREDOCS_PER_INSTR 16u
/* Deepest nesting of shells (bash -c "sh -c '...'"), subshells and $(...). */
#define BH_LIMIT_SHELL_NESTING 16u
/* Most shell words in one RUN, and most simple commands. */
#define BH_LIMIT_SHELL_WORDS 100000u
/* Longest expansion result of one ARG/ENV substitution. */
#define BH_LIMIT_EXPANSION_SIZE (64u * 1024u)
/* Most stages in one Dockerfile. */
#define BH_LIMIT_DF_STAGES 1000u
/* Most findings kept for one file (the rest are counted, not stored). */
#define BH_LIMIT_FINDINGS_PER_FILE 10000u
/* Most files in one scan, and deepest directory recursion. */
#define BH_LIMIT_SCAN_FILES 1000000u
#define BH_LIMIT_WALK_DEPTH 64u
/* Largest .bulkhead.yaml and most suppression entries. */
#define BH_LIMIT_CONFIG_SIZE (1024u * 1024u)
#define BH_LIMIT_CONFIG_ENTRIES 10000u
/* YAML (compose, Kubernetes, CI files): nodes parsed per file, nesting depth,
 * and nodes that aliases may expand to.  Aliases are bounded by what they
 * expand to, relative to the document, not by how many a file uses: real
 * compose files use hundreds. */
#define BH_LIMIT_YAML_NODES 1000000u
#define BH_LIMIT_YAML_DEPTH 256u
#define BH_LIMIT_YAML_EXPANSION_MIN 100000u
#define BH_LIMIT_YAML_EXPANSION_FACTOR 10u
/* Documents in one YAML stream. */
#define BH_LIMIT_YAML_DOCUMENTS 10000u
/* Settings (Key=value entries) read from one systemd / Quadlet unit file. */
#define BH_LIMIT_UNIT_ENTRIES 100000u
/* docker/podman run command lines turned into containers from one script,
 * Makefile, CI file or Markdown page. */
#define BH_LIMIT_RUNLINES 10000u
/* Kubernetes: deepest nesting of `kind: List` objects inside List items
 * (kubectl prints one level; more is kept for hand-made dumps). */
#define BH_LIMIT_KUBE_LIST_DEPTH 8u
/* Compose: longest extends chain, deepest include nesting, most files one
 * project reads (override, -f, extends, include, env files), and deepest
 * nesting of ${VAR:-${OTHER}} defaults. */
#define BH_LIMIT_COMPOSE_EXTENDS_DEPTH 32u
#define BH_LIMIT_COMPOSE_INCLUDE_DEPTH 16u
#define BH_LIMIT_COMPOSE_FILES 256u
#define BH_LIMIT_COMPOSE_INTERP_NESTING 16u
/* Longest package version string the version comparators (src/vuln/version.h)
 * order by their scheme's rules; longer ones are refused by the checked API. */
#define BH_LIMIT_VERSION_LENGTH 256u
/* bulkhead host: longest path resolved inside the audited root, deepest
 * directory nesting, most symbolic links followed for one path (as the
 * kernel's 40), largest file read from the host (a config file, the dpkg
 * status database: big, so it has its own bound), and most entries listed
 * from one directory (/proc, drop-in directories). */
#define BH_LIMIT_HOST_PATH 4096u
#define BH_LIMIT_HOST_PATH_DEPTH 256u
#define BH_LIMIT_HOST_SYMLINKS 40u
#define BH_LIMIT_HOST_FILE (1024u * 1024u)
#define BH_LIMIT_HOST_PKGDB (64u * 1024u * 1024u)
#define BH_LIMIT_HOST_DIR_ENTRIES 100000u
/* TOML (containers.conf, registries.conf): deepest table/array nesting and
 * most key/value pairs in one file. */
#define BH_LIMIT_TOML_DEPTH 32u
#define BH_LIMIT_TOML_ENTRIES 100000u
/* bulkhead engine: largest answer read from the engine API (an inspect is a
 * few KiB, the container list of a busy host a few MiB), most containers
 * audited in one run, deepest JSON nesting of an answer, most redirects
 * followed (to the same socket only), and the time allowed to connect and
 * for one whole request (milliseconds; --timeout lowers or raises the
 * latter up to BH_LIMIT_ENGINE_REQUEST_MAX_MS). */
#define BH_LIMIT_ENGINE_RESPONSE (16u * 1024u * 1024u)
#define BH_LIMIT_ENGINE_CONTAINERS 10000u
#define BH_LIMIT_ENGINE_JSON_DEPTH 64u
#define BH_LIMIT_ENGINE_REDIRECTS 3u
#define BH_LIMIT_ENGINE_CONNECT_MS 5000u
#define BH_LIMIT_ENGINE_REQUEST_MS 30000u
#define BH_LIMIT_ENGINE_REQUEST_MAX_MS 600000u
/* Vulnerability database (src/vuln): largest OSV record read (a JSON file
 * or zip entry; real Debian/Alpine records are a few kB, the biggest OSV.dev
 * records ~1 MB), most affected entries per record, most events per range,
 * longest summary kept, most entries in one all.zip (OSV's Debian zip has
 * ~50k), most bytes decompressed from one zip (the real feeds unpack to a
 * few hundred MB), largest feed download, most files one import reads from
 * directories. */
#define BH_LIMIT_OSV_RECORD (4u * 1024u * 1024u)
#define BH_LIMIT_OSV_AFFECTED 10000u
#define BH_LIMIT_OSV_EVENTS 1000u
#define BH_LIMIT_OSV_SUMMARY 400u
#define BH_LIMIT_OSV_ZIP_ENTRIES 2000000u
#define BH_LIMIT_OSV_ZIP_BYTES (8ull * 1024u * 1024u * 1024u)
#define BH_LIMIT_OSV_DOWNLOAD (2ull * 1024u * 1024u * 1024u)
#define BH_LIMIT_OSV_FILES 2000000u
/* OS package databases (src/frontend/pkgdb): largest text database file
 * (a dpkg status, a status.d/ file, an apk installed db), largest rpmdb
 * (SQLite, read in memory), most packages read from one root, and the
 * largest rpm header blob: index entries and data bytes, rpm's own bounds
 * (lib/header.c hdrchkTags / hdrchkData). */
#define BH_LIMIT_PKGDB_SIZE (64u * 1024u * 1024u)
#define BH_LIMIT_RPMDB_SIZE (256u * 1024u * 1024u)
#define BH_LIMIT_PKGDB_PACKAGES 100000u
#define BH_LIMIT_RPM_HEADER_TAGS 0xffffu
#define BH_LIMIT_RPM_HEADER_DATA 0xffffffu
/* bulkhead image: most members in an image archive (docker save, OCI
 * archive), deepest index nesting (index.json -> index -> manifest), most
 * symbolic-link hops between archive members, largest JSON document
 * (manifest, index, config), most layers, most tar entries read over all
 * layers, longest path in a layer, most bytes the layers may decompress to
 * (a gzip bomb stops at the tar header that would cross it), and the largest
 * file read for a check (passwd, shadow, sudoers, a secret file); the rest of
 * such a file is not read. */
#define BH_LIMIT_IMAGE_ARCHIVE_MEMBERS 100000u
#define BH_LIMIT_IMAGE_INDEX_DEPTH 8u
#define BH_LIMIT_IMAGE_LINK_HOPS 8u
#define BH_LIMIT_IMAGE_JSON (8u * 1024u * 1024u)
#define BH_LIMIT_IMAGE_LAYERS 256u
#define BH_LIMIT_IMAGE_ENTRIES 1000000u
#define BH_LIMIT_IMAGE_PATH 4096u
#define BH_LIMIT_IMAGE_UNPACKED (32ull * 1024u * 1024u * 1024u)
#define BH_LIMIT_IMAGE_FILE_READ (1024u * 1024u)
/* bulkhead image: largest package database file kept for the package
 * readers (dpkg status, apk installed, rpmdb.sqlite). */
#define BH_LIMIT_IMAGE_PKGDB (64u * 1024u * 1024u)
/* bulkhead image --engine: most bytes of JSON documents kept from an image
 * stream read in one pass (its manifest comes last). */
#define BH_LIMIT_IMAGE_STREAM_JSON (64u * 1024u * 1024u)
