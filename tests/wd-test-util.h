/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wiredesk-core.h"

G_BEGIN_DECLS

/* g_test_init() with G_TEST_OPTION_ISOLATE_DIRS (temporary XDG homes) and
 * the locale set to C.UTF-8 so messages are comparable. */
void     wd_test_init (int *argc, char ***argv);
/* A new empty directory below the isolated temporary home. */
char    *wd_test_make_tmpdir (void);
/* A new archive in a fresh temporary directory; its path in @out_path. */
WdStore *wd_test_open_store (char **out_path);
/* A source with its inbox brief; returns the brief id. */
gint64   wd_test_add_source (WdStore *store, const char *title, const char *url,
                             const char *publisher, const char *text);
/* @n briefs with varied titles, publishers, statuses and text. */
void     wd_test_seed (WdStore *store, guint n);

G_END_DECLS
