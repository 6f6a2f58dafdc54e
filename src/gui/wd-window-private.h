/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The window's state, shared by the files that make up the window:
 * wd-window.c (list, filters, search, content), wd-window-import.c
 * (the import doors: dialog, drop, paste, the end-of-import toast) and
 * wd-window-draft.c (Draft, and its toasts). */

#include "import/wd-import-queue.h"
#include "publish/wd-outbox.h"
#include "wd-brief-view.h"
#include "wd-mentions-page.h"
#include "wd-import-dialog.h"
#include "wd-window.h"

G_BEGIN_DECLS

#define N_FILTERS (WD_BRIEF_FILTER_PUBLISHED + 1)

struct _WdWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwToastOverlay    *toast_overlay;
  AdwLeaflet         *leaflet;
  GtkWidget          *sidebar;
  GtkWidget          *content;
  GtkSearchEntry     *search_entry;
  GtkListBox         *filters_list;
  GtkLabel           *inbox_count_label;
  GtkLabel           *drafts_count_label;
  GtkLabel           *review_count_label;
  GtkLabel           *approved_count_label;
  GtkLabel           *published_count_label;
  GtkLabel           *all_count_label;
  GtkStack           *list_stack;
  GtkListView        *brief_list_view;
  GtkSingleSelection *selection;
  GtkStack           *content_stack;
  AdwWindowTitle     *content_title;
  WdBriefView        *brief_view;
  WdMentionsPage     *mentions_page;

  /* owned */
  WdContext    *context;
  GSettings    *settings;
  WdBriefList  *brief_list;
  GSignalGroup *selected_signals;
  GCancellable *counts_cancellable;
  GtkLabel     *count_labels[N_FILTERS];
  guint         counts_serial;
  guint         counts_source;   /* a burst of changes, counted once */
  guint         archive_count;
  guint         archive_count_known : 1;
  guint         list_changing : 1;   /* inside the list's items-changed */
  guint         showing_mentions : 1; /* the catalog instead of the list */

  /* the import doors (wd-window-import.c) */
  WdImporter     *importer;
  WdImportQueue  *import_queue;
  WdImportDialog *import_dialog;  /* made when first needed */

  /* drafting (wd-window-draft.c): the queue, selection mode, the
   * Drafts popover */
  WdDraftQueue    *draft_queue;
  GtkWidget       *draft_button;
  GtkWidget       *source_toggle;
  GtkToggleButton *select_button;
  GtkActionBar    *selection_bar;
  GtkLabel        *selection_label;
  GtkMenuButton   *drafts_button;
  GtkStack        *drafts_icon_stack;
  GtkSpinner      *drafts_spinner;
  GtkListBox      *drafts_list;
  GHashTable      *checked;      /* set of brief ids (gint64 *) */
  GHashTable      *bound_rows;   /* WdBriefRow set, the rows on screen */
  gboolean         selection_mode;

  /* publishing (wd-window-publish.c) */
  WdOutbox     *outbox;
  GCancellable *publish_cancellable;
  GtkWidget    *publish_button;
  gboolean      publishing;
};

void _wd_window_class_init_import (GtkWidgetClass *widget_class);
void _wd_window_init_import       (WdWindow       *self);
void _wd_window_dispose_import    (WdWindow       *self);
void _wd_window_class_init_draft  (GtkWidgetClass *widget_class);
void _wd_window_class_init_publish (GtkWidgetClass *widget_class);
void _wd_window_init_publish      (WdWindow       *self);
void _wd_window_dispose_publish   (WdWindow       *self);
void _wd_window_update_publish_action (WdWindow   *self);
void _wd_window_init_draft        (WdWindow       *self);
void _wd_window_dispose_draft     (WdWindow       *self);
void _wd_window_row_setup         (WdWindow       *self,
                                   GtkWidget      *row);
void _wd_window_row_bound         (WdWindow       *self,
                                   GtkWidget      *row);
void _wd_window_row_unbound       (WdWindow       *self,
                                   GtkWidget      *row);

G_END_DECLS
