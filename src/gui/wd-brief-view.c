/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-brief-view"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wd-brief-view.h"
#include "wd-format.h"
#include "wd-source-view.h"

struct _WdBriefView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkStack          *stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *error_page;
  GtkScrolledWindow *source_scroller;
  GtkScrolledWindow *brief_scroller;
  WdSourceView      *source_view;
  GtkLabel          *status_label;
  GtkLabel          *headline_label;
  GtkBox            *sections_box;
  GtkFlowBox        *mentions_box;
  GtkLabel          *mentions_empty_label;

  /* built in init, owned by sections_box */
  GtkLabel *section_labels[WD_SECTION_N_KINDS];

  /* owned */
  WdStore      *store;
  GSignalGroup *store_signals;
  WdBrief      *brief;
  GCancellable *cancellable;
  gint64        brief_id;
  guint         load_serial;
  const char   *status_class;
  guint         loading : 1;
};

G_DEFINE_FINAL_TYPE (WdBriefView, wd_brief_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BRIEF_ID,
  PROP_BRIEF,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (WdBriefView *self,
             gboolean     loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_dim_text (GtkLabel   *label,
              const char *text,
              const char *empty_text)
{
  gboolean empty = text == NULL || *text == '\0';

  gtk_label_set_label (label, empty ? empty_text : text);
  gtk_label_set_selectable (label, !empty);
  if (empty)
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
}

static void
show_mentions (WdBriefView *self,
               GListModel  *mentions)
{
  GtkWidget *child;
  guint n = mentions != NULL ? g_list_model_get_n_items (mentions) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->mentions_box))) != NULL)
    gtk_flow_box_remove (self->mentions_box, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);
      GtkWidget *label = gtk_label_new (wd_mention_get_name (mention));

      /* A flow box lines its children up in columns; without this a short
       * name would stretch to the width of a long one above it. */
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_add_css_class (label, "mention-pill");
      gtk_widget_set_tooltip_text (label,
                                   wd_mention_kind_to_string (wd_mention_get_kind (mention)));
      gtk_flow_box_append (self->mentions_box, label);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->mentions_box), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->mentions_empty_label), n == 0);
}

static void
show_brief (WdBriefView *self)
{
  WdBriefStatus status;
  const char *status_class;

  g_assert (self->brief != NULL);

  wd_source_view_set_source (self->source_view, wd_brief_get_source (self->brief));

  status = wd_brief_get_status (self->brief);
  gtk_label_set_label (self->status_label, wd_format_status_label (status));
  status_class = wd_format_status_css_class (status);
  if (self->status_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_class);
  self->status_class = status_class;

  set_dim_text (self->headline_label, wd_brief_get_headline (self->brief),
                _("No headline yet"));

  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      WdSection *section = wd_brief_get_section (self->brief, kind);

      set_dim_text (self->section_labels[kind],
                    section != NULL ? wd_section_get_text (section) : NULL,
                    _("Empty"));
    }

  show_mentions (self, wd_brief_get_mentions (self->brief));

  gtk_stack_set_visible_child_name (self->stack, "brief");
}

static void
show_toast (WdBriefView *self,
            const char  *message)
{
  GtkWidget *overlay;

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_debug ("%s", message);
}

typedef struct
{
  WdBriefView *self;
  guint        serial;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
on_brief_loaded (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  WdBriefView *self = data->self;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GError) error = NULL;
  gboolean new_brief;

  brief = wd_store_load_brief_finish (WD_STORE (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A load that finished just as it was cancelled (by another selection or
   * by dispose) is stale: only the newest one may touch the widgets. */
  if (data->serial != self->load_serial)
    return;

  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);
  gtk_spinner_stop (self->spinner);

  if (brief == NULL)
    {
      g_clear_object (&self->brief);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRIEF]);
      gtk_stack_set_visible_child_name (self->stack, "error");
      show_toast (self, error->message);
      return;
    }

  /* A reload after a change keeps the reader's place; another brief starts
   * at the top. */
  new_brief = self->brief == NULL || wd_brief_get_id (self->brief) != wd_brief_get_id (brief);

  g_set_object (&self->brief, brief);
  show_brief (self);

  if (new_brief)
    {
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->source_scroller), 0);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->brief_scroller), 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRIEF]);
}

static void
load_brief (WdBriefView *self)
{
  LoadData *data;

  self->load_serial++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->store == NULL || self->brief_id <= 0)
    {
      set_loading (self, FALSE);
      gtk_spinner_stop (self->spinner);
      if (self->brief != NULL)
        {
          g_clear_object (&self->brief);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRIEF]);
        }
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  /* The last brief stays on screen until the next one arrives, which
   * flickers less than a spinner for what is usually a few milliseconds. */
  if (self->brief == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_spinner_start (self->spinner);
    }

  set_loading (self, TRUE);
  self->cancellable = g_cancellable_new ();
  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->serial = self->load_serial;
  wd_store_load_brief_async (self->store, self->brief_id, self->cancellable,
                             on_brief_loaded, data);
}

static void
on_store_changed (WdBriefView *self,
                  gint64       brief_id,
                  WdStore      *store)
{
  if (self->brief_id > 0 && (brief_id == 0 || brief_id == self->brief_id))
    load_brief (self);
}

/**
 * wd_brief_view_new:
 *
 * Creates the read-only view of one brief: its source on the left, its
 * headline, sections and mentions on the right.
 *
 * Returns: (transfer full): a new #WdBriefView
 */
GtkWidget *
wd_brief_view_new (void)
{
  return g_object_new (WD_TYPE_BRIEF_VIEW, NULL);
}

/**
 * wd_brief_view_get_store:
 * @self: a #WdBriefView
 *
 * Returns: (transfer none) (nullable): the archive the view reads from
 */
WdStore *
wd_brief_view_get_store (WdBriefView *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), NULL);

  return self->store;
}

/**
 * wd_brief_view_set_store:
 * @self: a #WdBriefView
 * @store: (nullable): the archive to read briefs from
 *
 * Sets the archive; the view reloads its brief when the store reports a
 * change to it.
 */
void
wd_brief_view_set_store (WdBriefView *self,
                         WdStore     *store)
{
  g_return_if_fail (WD_IS_BRIEF_VIEW (self));
  g_return_if_fail (store == NULL || WD_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_signal_group_set_target (self->store_signals, store);
  load_brief (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * wd_brief_view_get_brief_id:
 * @self: a #WdBriefView
 *
 * Returns: the id of the brief shown or being loaded, 0 for none
 */
gint64
wd_brief_view_get_brief_id (WdBriefView *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), 0);

  return self->brief_id;
}

/**
 * wd_brief_view_set_brief_id:
 * @self: a #WdBriefView
 * @brief_id: a brief's id, or 0 for none
 *
 * Loads the brief off the main thread and shows it when it arrives,
 * cancelling a load still under way. A failure shows a toast with the
 * store's explanation.
 */
void
wd_brief_view_set_brief_id (WdBriefView *self,
                            gint64       brief_id)
{
  g_return_if_fail (WD_IS_BRIEF_VIEW (self));
  g_return_if_fail (brief_id >= 0);

  if (self->brief_id == brief_id)
    return;

  self->brief_id = brief_id;
  load_brief (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRIEF_ID]);
}

/**
 * wd_brief_view_get_brief:
 * @self: a #WdBriefView
 *
 * Returns: (transfer none) (nullable): the fully loaded brief on screen
 */
WdBrief *
wd_brief_view_get_brief (WdBriefView *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), NULL);

  return self->brief;
}

/**
 * wd_brief_view_get_loading:
 * @self: a #WdBriefView
 *
 * Returns: whether a brief is being read from the archive
 */
gboolean
wd_brief_view_get_loading (WdBriefView *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), FALSE);

  return self->loading;
}

static void
wd_brief_view_dispose (GObject *object)
{
  WdBriefView *self = WD_BRIEF_VIEW (object);

  self->load_serial++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), WD_TYPE_BRIEF_VIEW);

  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->store);
  g_clear_object (&self->brief);

  G_OBJECT_CLASS (wd_brief_view_parent_class)->dispose (object);
}

static void
wd_brief_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WdBriefView *self = WD_BRIEF_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BRIEF_ID:
      g_value_set_int64 (value, self->brief_id);
      break;

    case PROP_BRIEF:
      g_value_set_object (value, self->brief);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_brief_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  WdBriefView *self = WD_BRIEF_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      wd_brief_view_set_store (self, g_value_get_object (value));
      break;

    case PROP_BRIEF_ID:
      wd_brief_view_set_brief_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_brief_view_class_init (WdBriefViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_brief_view_dispose;
  object_class->get_property = wd_brief_view_get_property;
  object_class->set_property = wd_brief_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         WD_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BRIEF_ID] =
    g_param_spec_int64 ("brief-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BRIEF] =
    g_param_spec_object ("brief", NULL, NULL,
                         WD_TYPE_BRIEF,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WD_TYPE_SOURCE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wd-brief-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, stack);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, spinner);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, error_page);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, source_scroller);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, brief_scroller);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, source_view);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, status_label);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, headline_label);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, sections_box);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, mentions_box);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, mentions_empty_label);
  gtk_widget_class_set_css_name (widget_class, "wdbriefview");
}

static void
wd_brief_view_init (WdBriefView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The sections are the same four for every brief, in the store's order;
   * building them here keeps their headings in one place (wd-format.c). */
  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *heading = gtk_label_new (wd_format_section_heading (kind));
      GtkWidget *text = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");

      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (text, "section-text");

      gtk_box_append (GTK_BOX (box), heading);
      gtk_box_append (GTK_BOX (box), text);
      gtk_box_append (self->sections_box, box);
      self->section_labels[kind] = GTK_LABEL (text);
    }

  self->store_signals = g_signal_group_new (WD_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "changed",
                                 G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
}
