/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-draft"

#include "wd-draft-error.h"

G_DEFINE_QUARK (wd-draft-error-quark, wd_draft_error)
