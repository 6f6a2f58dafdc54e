/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* wd_test_init() and GTK for the GUI tests: keeps the isolated XDG homes
 * and the C locale, lets GdkPixbuf find its SVG loader, silences the
 * missing accessibility bus. Returns FALSE when there is no display (the
 * tests then skip). */
gboolean  wd_test_gui_init (int *argc, char ***argv);

typedef gboolean (*WdTestWaitFunc) (gpointer data);

/* Spins the main loop until @func holds or 15 s pass (a guard against a
 * hang, not a measurement); returns whether @func held. */
gboolean  wd_test_wait_for (WdTestWaitFunc func, gpointer data);

/* A WdTestWaitFunc: *@data (a pointer to a pointer) is NULL, as a weak
 * pointer becomes once its object is finalized. */
gboolean  wd_test_is_null (gpointer data);

/* The widget named @name (gtk_widget_set_name) below (or at) @root, or NULL. */
GtkWidget *wd_test_find_named (GtkWidget *root, const char *name);
/* Clicks the sensitive button named @name below @root. */
void       wd_test_click (GtkWidget *root, const char *name);
/* Sets the text of the visible editable named @name below @root. */
void       wd_test_type_into (GtkWidget *root, const char *name, const char *text);

/* The first widget of @type below (or at) @widget, depth first, or NULL. */
GtkWidget *wd_test_find_widget (GtkWidget *widget, GType type);
/* Every widget of @type below (or at) @widget, depth first. */
GPtrArray *wd_test_find_widgets (GtkWidget *widget, GType type);

G_END_DECLS
