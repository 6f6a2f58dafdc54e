/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One error domain for everything that brings sources in: fetching, feeds,
 * extraction. Each part adds its codes below; keep existing values stable. */
#define WD_IMPORT_ERROR (wd_import_error_quark ())

typedef enum {
  WD_IMPORT_ERROR_FAILED,      /* anything not covered below */
  WD_IMPORT_ERROR_NOT_ARTICLE, /* the page holds no article to extract */
  WD_IMPORT_ERROR_PARSE,       /* the input is not HTML (or not a feed) at all */
  /* fetching (wd-fetcher.c) */
  WD_IMPORT_ERROR_HTTP,        /* the server answered with an error status */
  WD_IMPORT_ERROR_NETWORK,     /* the server could not be reached */
  WD_IMPORT_ERROR_TOO_LARGE,   /* the body is over the size limit */
  WD_IMPORT_ERROR_TIMEOUT,     /* no connection or no data in time */
  WD_IMPORT_ERROR_TLS,         /* the certificate or the secure connection failed */
  WD_IMPORT_ERROR_REDIRECT,    /* too many redirects, a loop, or a bad target */
  WD_IMPORT_ERROR_UNSUPPORTED, /* not an http(s) address, or not a web page or text */
  /* importing (wd-importer.c) */
  WD_IMPORT_ERROR_EXCLUDED,    /* the publisher's policy is "excluded" */
  WD_IMPORT_ERROR_EMPTY,       /* nothing to import: an empty file or text */
} WdImportError;

GQuark wd_import_error_quark (void);

G_END_DECLS
