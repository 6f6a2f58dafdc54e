/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-preferences-window.h"
#include "wd-target-editor.h"
#include "wd-footer-editor.h"

G_BEGIN_DECLS

/* Shared by the files of the preferences window: wd-preferences-window.c
 * (the configuration: backends, drafting, appearance) and
 * wd-preferences-archive.c (what the archive holds: prompt templates and
 * publisher policies). */
/* wd-preferences-targets.c: the publish targets and their editor. */
/* wd-preferences-site.c: the footer templates and the [site] group. */

/* The parts a backend can be chosen for: [defaults] backend-PART=; their
 * names are in wd-preferences-window.c. */
#define N_PARTS 6

struct _WdPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* owned */
  WdContext    *context;
  GSettings    *settings;
  GCancellable *cancellable;
  GPtrArray    *backend_rows;
  GPtrArray    *policy_rows;
  GPtrArray    *policies;          /* WdPolicy*, in the order of the rows */
  GPtrArray    *target_rows;
  GtkStringList *backend_models[1 + N_PARTS];
  gboolean      updating_combos;

  /* unowned: template children */
  AdwPreferencesGroup *backends_group;
  AdwPreferencesGroup *drafting_group;
  AdwPreferencesGroup *prompts_group;
  AdwPreferencesGroup *policies_group;
  AdwPreferencesGroup *targets_group;
  AdwPreferencesGroup *footer_group;
  AdwPreferencesGroup *site_group;
  GtkFontButton       *font_button;
  AdwComboRow         *scheme_row;

  /* unowned */
  AdwComboRow *backend_combos[1 + N_PARTS];
  AdwActionRow *prompt_rows[WD_N_PROMPTS];
  AdwActionRow *footer_rows[3];    /* in the order of wd_render_list_footer_kinds() */
  AdwEntryRow  *site_name_row;
  AdwEntryRow  *site_url_row;
  AdwEntryRow  *site_team_row;
  AdwActionRow *stylesheet_row;
  GtkWidget    *stylesheet_clear_button;
  GtkLabel     *site_error_label;
  GtkFileChooserNative *stylesheet_chooser;  /* owned while it is shown */
};

void wd_preferences_window_toast            (WdPreferencesWindow *self,
                                             const char          *message);
void wd_preferences_window_build_prompts    (WdPreferencesWindow *self);
void wd_preferences_window_refresh_policies (WdPreferencesWindow *self);
void wd_preferences_window_refresh_targets  (WdPreferencesWindow *self);
/* Presents the editor of the target @name, or of a new one (%NULL). */
WdTargetEditor *wd_preferences_window_edit_target (WdPreferencesWindow *self,
                                                   const char          *name);
void wd_preferences_window_build_site       (WdPreferencesWindow *self);
void wd_preferences_window_dispose_site     (WdPreferencesWindow *self);
/* Presents the editor of the footer template @kind ("footer_byline", …). */
WdFooterEditor *wd_preferences_window_edit_footer (WdPreferencesWindow *self,
                                                   const char          *kind);
/* What the stylesheet chooser does with the chosen @file; %NULL goes back
 * to the built-in stylesheet. Returns whether the configuration was saved. */
gboolean wd_preferences_window_set_stylesheet (WdPreferencesWindow *self,
                                               GFile               *file);

G_END_DECLS
