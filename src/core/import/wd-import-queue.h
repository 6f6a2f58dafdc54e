/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "import/wd-importer.h"

G_BEGIN_DECLS

typedef enum {
  WD_IMPORT_ITEM_WAITING,    /* queued behind others */
  WD_IMPORT_ITEM_RUNNING,    /* being fetched, extracted or stored */
  WD_IMPORT_ITEM_IMPORTED,   /* a new source with its Inbox brief */
  WD_IMPORT_ITEM_EXISTED,    /* the source was already in the archive */
  WD_IMPORT_ITEM_FAILED,     /* see the item's message */
  WD_IMPORT_ITEM_CANCELLED,  /* the editor cancelled it */
} WdImportItemState;

typedef enum {
  WD_IMPORT_INPUT_URL,
  WD_IMPORT_INPUT_FILE,
  WD_IMPORT_INPUT_TEXT,
} WdImportInput;

#define WD_TYPE_IMPORT_ITEM (wd_import_item_get_type ())

G_DECLARE_FINAL_TYPE (WdImportItem, wd_import_item, WD, IMPORT_ITEM, GObject)

/*
 * One thing being imported. Properties (read-only, notified on change):
 * "state", "label" (the address, the file name or the text's first line),
 * "message" (the error, or the source's title once imported), "brief-id".
 */
WdImportInput      wd_import_item_get_input    (WdImportItem *self);
WdImportItemState  wd_import_item_get_state    (WdImportItem *self);
const char        *wd_import_item_get_label    (WdImportItem *self);
const char        *wd_import_item_get_message  (WdImportItem *self);
gint64             wd_import_item_get_brief_id (WdImportItem *self);
WdPolicyKind       wd_import_item_get_policy   (WdImportItem *self);
gboolean           wd_import_item_get_finished (WdImportItem *self);
void               wd_import_item_cancel       (WdImportItem *self);

#define WD_TYPE_IMPORT_QUEUE (wd_import_queue_get_type ())

G_DECLARE_FINAL_TYPE (WdImportQueue, wd_import_queue, WD, IMPORT_QUEUE, GObject)

/*
 * The app's imports: a GListModel of WdImportItem, newest batch last, run
 * at most WD_IMPORT_QUEUE_MAX_RUNNING at a time. A batch lasts from the
 * first item added while the queue was idle until every item has finished;
 * then "batch-finished" is emitted and the counts describe that batch
 * until the next one starts. "busy" is TRUE while items wait or run.
 */
#define WD_IMPORT_QUEUE_MAX_RUNNING 4

WdImportQueue *wd_import_queue_new             (WdImporter    *importer);
WdImporter    *wd_import_queue_get_importer    (WdImportQueue *self);
WdImportItem  *wd_import_queue_add_url         (WdImportQueue *self,
                                                const char    *url);
WdImportItem  *wd_import_queue_add_file        (WdImportQueue *self,
                                                const char    *path);
WdImportItem  *wd_import_queue_add_text        (WdImportQueue *self,
                                                const char    *text);
guint          wd_import_queue_add_input       (WdImportQueue *self,
                                                const char    *input);
gboolean       wd_import_queue_get_busy        (WdImportQueue *self);
void           wd_import_queue_cancel_all      (WdImportQueue *self);
void           wd_import_queue_clear_finished  (WdImportQueue *self);
guint          wd_import_queue_count           (WdImportQueue *self,
                                                WdImportItemState state);
char          *wd_import_queue_dup_summary     (WdImportQueue *self);

/* The http(s) addresses of @input when every non-blank line of it is one
 * (surrounding whitespace and <> allowed), else NULL: then @input is text. */
GStrv          wd_import_split_urls            (const char    *input);

G_END_DECLS
