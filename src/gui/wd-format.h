/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wiredesk-core.h"

G_BEGIN_DECLS

/* How the shell names things for people; shared by the list rows and the
 * brief view so a status reads the same everywhere. */
const char *wd_format_status_label     (WdBriefStatus status);
const char *wd_format_status_css_class (WdBriefStatus status);
const char *wd_format_section_heading  (WdSectionKind kind);
char       *wd_format_date_short       (GDateTime    *date);
char       *wd_format_date_long        (GDateTime    *date);

G_END_DECLS
