/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-preview"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <webkit/webkit.h>

#include "publish/wd-render.h"
#include "wd-preview-window.h"

/* Nothing the page holds may reach the network or run: a Content Security
 * Policy in the page blocks every load but inline styles and data: images,
 * JavaScript is off in the view's settings, and navigation is refused
 * (a link the editor clicks opens in the browser instead). */
#define PREVIEW_CSP \
  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; " \
  "style-src 'unsafe-inline'; img-src data:\">"

struct _WdPreviewWindow
{
  AdwWindow parent_instance;

  /* widgets */
  AdwWindowTitle *title;
  WebKitWebView  *view;
  GtkStack       *stack;
  AdwStatusPage  *error_page;

  /* owned */
  WdContext    *context;
  GCancellable *cancellable;
  gint64        brief_id;
  guint         refresh_source;
  guint         loads;
};

G_DEFINE_FINAL_TYPE (WdPreviewWindow, wd_preview_window, ADW_TYPE_WINDOW)

typedef struct
{
  WdStore  *store;
  WdConfig *config;
  gint64    brief_id;
} RenderJob;

typedef struct
{
  char *html;
  char *headline;
} Rendered;

static void
render_job_free (gpointer data)
{
  RenderJob *job = data;

  g_object_unref (job->store);
  g_object_unref (job->config);
  g_free (job);
}

static void
rendered_free (gpointer data)
{
  Rendered *rendered = data;

  g_free (rendered->html);
  g_free (rendered->headline);
  g_free (rendered);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  g_autoptr(WdRenderOptions) options = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(WdPolicy) policy = NULL;
  g_autofree char *page = NULL;
  WdRenderMeta meta = { NULL, };
  GError *error = NULL;
  WdSource *source;
  Rendered *rendered;
  const char *head;

  brief = wd_store_load_brief (job->store, job->brief_id, &error);
  if (brief != NULL)
    options = wd_render_options_new (job->store, job->config, &error);
  if (options == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  source = wd_brief_get_source (brief);
  if (source != NULL && wd_source_get_publisher_domain (source) != NULL)
    policy = wd_store_get_policy (job->store, wd_source_get_publisher_domain (source), NULL);
  meta.policy = policy;
  meta.public_url = wd_brief_get_public_url (brief);
  meta.published_at = wd_brief_get_published_at (brief);

  page = wd_render_page (brief, options, &meta, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  rendered = g_new0 (Rendered, 1);
  /* The policy goes first in <head>, before anything that could load. */
  head = strstr (page, "<head>");
  if (head != NULL)
    rendered->html = g_strdup_printf ("%.*s<head>" PREVIEW_CSP "%s", (int) (head - page),
                                      page, head + strlen ("<head>"));
  else
    rendered->html = g_strconcat (PREVIEW_CSP, page, NULL);
  rendered->headline = g_strdup (wd_brief_get_headline (brief));
  if (rendered->headline == NULL || *rendered->headline == '\0')
    {
      g_free (rendered->headline);
      rendered->headline = g_strdup (wd_brief_get_title (brief));
    }
  g_task_return_pointer (task, rendered, rendered_free);
}

static void
rendered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WdPreviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Rendered *rendered = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (rendered == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  adw_window_title_set_subtitle (self->title, rendered->headline);
  gtk_stack_set_visible_child_name (self->stack, "page");
  webkit_web_view_load_html (self->view, rendered->html, "about:blank");
  rendered_free (rendered);
}

static void
refresh (WdPreviewWindow *self)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job = g_new0 (RenderJob, 1);

  job->store = g_object_ref (wd_context_get_store (self->context));
  job->config = g_object_ref (wd_context_get_config (self->context));
  job->brief_id = self->brief_id;

  task = g_task_new (NULL, self->cancellable, rendered_cb, g_object_ref (self));
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, job, render_job_free);
  g_task_run_in_thread (task, render_thread);
}

static gboolean
refresh_timeout (gpointer user_data)
{
  WdPreviewWindow *self = user_data;

  self->refresh_source = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* The editor keeps typing with the preview open: it follows, half a
 * second after a burst of changes. */
static void
on_store_changed (WdPreviewWindow *self,
                  gint64           brief_id,
                  WdStore         *store)
{
  if (brief_id != 0 && brief_id != self->brief_id)
    return;
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (500, refresh_timeout, self);
}

static void
on_load_changed (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 WdPreviewWindow *self)
{
  if (event == WEBKIT_LOAD_FINISHED)
    self->loads++;
}

static gboolean
on_decide_policy (WebKitWebView            *view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  WdPreviewWindow          *self)
{
  WebKitNavigationAction *action;
  WebKitURIRequest *request;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (
             WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  request = webkit_navigation_action_get_request (action);
  uri = webkit_uri_request_get_uri (request);

  /* Our own page (webkit_web_view_load_html()), not a link. */
  if (g_strcmp0 (uri, "about:blank") == 0
      && webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_OTHER)
    return FALSE;

  /* A link the editor clicked goes to the browser; nothing else loads. */
  if (webkit_navigation_action_is_user_gesture (action)
      && (g_str_has_prefix (uri, "https://") || g_str_has_prefix (uri, "http://")))
    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
  webkit_policy_decision_ignore (decision);
  return TRUE;
}

static gboolean
on_context_menu (WebKitWebView       *view,
                 WebKitContextMenu   *menu,
                 WebKitHitTestResult *hit,
                 WdPreviewWindow     *self)
{
  /* Reload, Inspect and the like make no sense for a rendered page. */
  return TRUE;
}

WdPreviewWindow *
wd_preview_window_new (GtkWindow *parent,
                       WdContext *context,
                       gint64     brief_id)
{
  WdPreviewWindow *self;

  g_return_val_if_fail (WD_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (brief_id > 0, NULL);

  self = g_object_new (WD_TYPE_PREVIEW_WINDOW,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->context = g_object_ref (context);
  self->brief_id = brief_id;
  g_signal_connect_object (wd_context_get_store (context), "changed",
                           G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

guint
wd_preview_window_get_loads (WdPreviewWindow *self)
{
  g_return_val_if_fail (WD_IS_PREVIEW_WINDOW (self), 0);
  return self->loads;
}

GtkWidget *
wd_preview_window_get_view (WdPreviewWindow *self)
{
  g_return_val_if_fail (WD_IS_PREVIEW_WINDOW (self), NULL);
  return GTK_WIDGET (self->view);
}

static void
wd_preview_window_dispose (GObject *object)
{
  WdPreviewWindow *self = WD_PREVIEW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  G_OBJECT_CLASS (wd_preview_window_parent_class)->dispose (object);
}

static void
wd_preview_window_finalize (GObject *object)
{
  WdPreviewWindow *self = WD_PREVIEW_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (wd_preview_window_parent_class)->finalize (object);
}

static void
wd_preview_window_class_init (WdPreviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_preview_window_dispose;
  object_class->finalize = wd_preview_window_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wd_preview_window_init (WdPreviewWindow *self)
{
  g_autoptr(WebKitNetworkSession) session = webkit_network_session_new_ephemeral ();
  WebKitSettings *settings;
  GtkWidget *box;
  GtkWidget *header;

  self->cancellable = g_cancellable_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Preview"));
  gtk_window_set_default_size (GTK_WINDOW (self), 900, 900);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Preview"), NULL));
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  self->view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", session, NULL);
  gtk_widget_set_vexpand (GTK_WIDGET (self->view), TRUE);
  settings = webkit_web_view_get_settings (self->view);
  webkit_settings_set_enable_javascript (settings, FALSE);
  webkit_settings_set_enable_javascript_markup (settings, FALSE);
  webkit_settings_set_auto_load_images (settings, FALSE);
  webkit_settings_set_enable_developer_extras (settings, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The brief as the site will show it"), -1);
  g_signal_connect (self->view, "load-changed", G_CALLBACK (on_load_changed), self);
  g_signal_connect (self->view, "decide-policy", G_CALLBACK (on_decide_policy), self);
  g_signal_connect (self->view, "context-menu", G_CALLBACK (on_context_menu), self);

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->error_page, _("No Preview"));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->view), "page");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
}
