/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-application"

#include <signal.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "wd-application.h"
#include "wd-preferences-window.h"
#include "wd-window.h"

struct _WdApplication
{
  AdwApplication parent_instance;

  /* owned */
  GCancellable *open_cancellable;
  WdConfig     *config;        /* while the archive opens */
  GError       *config_error;  /* likewise: said in a toast once the window is up */
  guint         sigterm_source;
  gboolean      opening;
};

G_DEFINE_FINAL_TYPE (WdApplication, wd_application, ADW_TYPE_APPLICATION)

static void
on_open_dialog_response (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          user_data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Nothing else can work without the archive, so the error gets a dialog of
 * its own (not a toast in an empty window); closing it quits. */
static void
show_open_error (WdApplication *self,
                 const GError  *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Could Not Open the Archive"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_dialog_response), NULL);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_store_opened (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WdApplication) self = user_data;
  g_autoptr(WdStore) store = NULL;
  g_autoptr(WdConfig) config = g_steal_pointer (&self->config);
  g_autoptr(WdContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) config_error = g_steal_pointer (&self->config_error);
  WdWindow *window;

  self->opening = FALSE;
  g_clear_object (&self->open_cancellable);

  store = wd_store_open_finish (result, &error);
  if (store == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_open_error (self, error);
      g_application_release (G_APPLICATION (self));
      return;
    }

  context = wd_context_new (store, config);
  window = wd_window_new (GTK_APPLICATION (self), context);
  gtk_window_present (GTK_WINDOW (window));

  if (config_error != NULL)
    wd_window_show_toast (window, config_error->message);

  g_application_release (G_APPLICATION (self));
}

static void
on_config_loaded (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WdApplication) self = user_data;
  g_autofree char *path = NULL;

  /* A broken configuration must not keep the archive from opening: the
   * window starts with an empty one and says why in a toast. */
  self->config = wd_config_load_finish (result, &self->config_error);
  if (self->config == NULL)
    self->config = wd_config_new_empty ();

  if (g_cancellable_is_cancelled (self->open_cancellable))
    {
      self->opening = FALSE;
      g_clear_object (&self->open_cancellable);
      g_application_release (G_APPLICATION (self));
      return;
    }

  path = wd_store_default_path ();
  wd_store_open_async (path, self->open_cancellable, on_store_opened, g_object_ref (self));
}

static void
wd_application_activate (GApplication *app)
{
  WdApplication *self = WD_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->opening)
    return;

  /* Held until the archive is open, so the application does not exit for
   * want of a window in the meantime. */
  self->opening = TRUE;
  g_application_hold (app);
  self->open_cancellable = g_cancellable_new ();
  wd_config_load_async (NULL, self->open_cancellable, on_config_loaded, g_object_ref (self));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  WdApplication *self = user_data;
  GList *windows;

  /* An archive still opening would otherwise bring up a window after the
   * user asked to quit. */
  g_cancellable_cancel (self->open_cancellable);

  /* Destroying the windows (rather than g_application_quit) lets each one
   * save its state and cancel its work on the way out. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  WdApplication *self = user_data;
  GtkWindow *window;
  const char *developers[] = { _("The Wiredesk developers"), NULL };

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  adw_show_about_window (window,
                         "application-name", _("Wiredesk"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Wiredesk developers"),
                         "developers", developers,
                         "comments", _("Review and publish AI news briefs, "
                                       "side by side with their sources"),
                         "copyright", _("© 2026 The Wiredesk developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  WdPreferencesWindow *preferences;

  /* One preferences window at a time. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (user_data)); l; l = l->next)
    if (WD_IS_PREFERENCES_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }
  /* The preferences edit the context of the window they open over. */
  if (!WD_IS_WINDOW (window))
    return;
  preferences = wd_preferences_window_new (wd_window_get_context (WD_WINDOW (window)));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (user_data));
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "preferences", .activate = preferences_activated },
};

static const struct {
  const char *action;
  const char *accels[2];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.import", { "<Control>l", NULL } },
  { "win.draft", { "<Control>Return", NULL } },
  { "win.sidebar-filter::inbox", { "<Control>1", NULL } },
  { "win.sidebar-filter::drafts", { "<Control>2", NULL } },
  { "win.sidebar-filter::review", { "<Control>3", NULL } },
  { "win.sidebar-filter::approved", { "<Control>4", NULL } },
  { "win.sidebar-filter::published", { "<Control>5", NULL } },
  { "win.sidebar-filter::all", { "<Control>6", NULL } },
  { "win.sidebar-filter::mentions", { "<Control>7", NULL } },
  { "win.focus-section(0)", { "<Alt>1", NULL } },
  { "win.focus-section(1)", { "<Alt>2", NULL } },
  { "win.focus-section(2)", { "<Alt>3", NULL } },
  { "win.focus-section(3)", { "<Alt>4", NULL } },
  { "win.approve-section", { "<Control><Shift>a", NULL } },
  { "win.section-history", { "<Control><Shift>h", NULL } },
  { "win.publish", { "<Control><Shift>p", NULL } },
  { "win.preview", { "<Control><Shift>r", NULL } },
};

/* SIGTERM (a logout, a kill) quits as Ctrl+Q does: every window saves
 * what was typed on its way out. */
static gboolean
on_sigterm (gpointer user_data)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  /* Keys the display server has already sent, but a busy app has not read
   * yet, are text the editor typed: take them in before saving. */
  while (g_main_context_pending (NULL) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
wd_application_startup (GApplication *app)
{
  WdApplication *self = WD_APPLICATION (app);

  G_APPLICATION_CLASS (wd_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    wd_preferences_apply_style (settings);
  }

  self->sigterm_source = g_unix_signal_add (SIGTERM, on_sigterm, self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action,
                                           app_accels[i].accels);
}

static void
wd_application_shutdown (GApplication *app)
{
  WdApplication *self = WD_APPLICATION (app);

  g_cancellable_cancel (self->open_cancellable);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);

  G_APPLICATION_CLASS (wd_application_parent_class)->shutdown (app);
}

static void
wd_application_dispose (GObject *object)
{
  WdApplication *self = WD_APPLICATION (object);

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->config);
  g_clear_error (&self->config_error);

  G_OBJECT_CLASS (wd_application_parent_class)->dispose (object);
}

static void
wd_application_class_init (WdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = wd_application_dispose;
  app_class->activate = wd_application_activate;
  app_class->startup = wd_application_startup;
  app_class->shutdown = wd_application_shutdown;
}

static void
wd_application_init (WdApplication *self)
{
}

/**
 * wd_application_new:
 * @flags: the application flags; the app itself uses
 *   %G_APPLICATION_DEFAULT_FLAGS, tests %G_APPLICATION_NON_UNIQUE
 *
 * Creates the Wiredesk application. Activating it opens the archive at
 * wd_store_default_path() asynchronously and then shows a window over it,
 * or a dialog with the store's explanation when the archive cannot be
 * opened. Style sheets, the shortcuts window and the icons come from the
 * resources below RESOURCE_PATH.
 *
 * Returns: (transfer full): a new #WdApplication
 */
WdApplication *
wd_application_new (GApplicationFlags flags)
{
  return g_object_new (WD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_PATH,
                       "flags", flags,
                       NULL);
}
