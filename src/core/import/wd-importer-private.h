/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-importer.h"

G_BEGIN_DECLS

/* Shared by the parts of WdImporter in separate files. */
WdImportResult *wd_importer_store_html (WdImporter  *self,
                                        const char  *html,
                                        gsize        length,
                                        const char  *address,
                                        const char  *label,
                                        GError     **error);

G_END_DECLS
