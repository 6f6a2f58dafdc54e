/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-import"

#include "wd-import-error.h"

G_DEFINE_QUARK (wd-import-error-quark, wd_import_error)
