/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-brief-row"

#include "wd-brief-row.h"
#include "wd-format.h"

struct _WdBriefRow
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkLabel *title_label;
  GtkLabel *publisher_label;
  GtkLabel *date_label;
  GtkLabel *status_label;
  GtkCheckButton *check_button;

  /* owned */
  WdBrief      *brief;
  GSignalGroup *brief_signals;
  const char   *status_class;
};

G_DEFINE_FINAL_TYPE (WdBriefRow, wd_brief_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BRIEF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TOGGLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_status_class (WdBriefRow *self,
                  const char *css_class)
{
  if (g_strcmp0 (self->status_class, css_class) == 0)
    return;

  if (self->status_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
  self->status_class = css_class;
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class);
}

/* A placeholder row keeps its place with empty, dimmed labels until the
 * store's page arrives; then the brief notifies and this runs again. */
static void
update_row (WdBriefRow *self)
{
  WdBriefStatus status;
  g_autofree char *date = NULL;
  GDateTime *when;

  if (self->brief == NULL || !wd_brief_get_loaded (self->brief))
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->publisher_label, "");
      gtk_label_set_label (self->date_label, "");
      gtk_label_set_label (self->status_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
      set_status_class (self, NULL);
      gtk_widget_add_css_class (GTK_WIDGET (self), "placeholder");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self), "placeholder");

  gtk_label_set_label (self->title_label, wd_brief_get_title (self->brief));
  gtk_label_set_label (self->publisher_label, wd_brief_get_publisher (self->brief));

  when = wd_brief_get_source_published_at (self->brief);
  if (when == NULL)
    when = wd_brief_get_created_at (self->brief);
  date = wd_format_date_short (when);
  gtk_label_set_label (self->date_label, date);

  status = wd_brief_get_status (self->brief);
  gtk_label_set_label (self->status_label, wd_format_status_label (status));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  set_status_class (self, wd_format_status_css_class (status));
}

static void
on_check_toggled (WdBriefRow *self)
{
  g_signal_emit (self, signals[TOGGLED], 0, gtk_check_button_get_active (self->check_button));
}

static void
on_brief_notify (WdBriefRow *self,
                 GParamSpec *pspec,
                 WdBrief    *brief)
{
  update_row (self);
}

/**
 * wd_brief_row_new:
 *
 * Creates a row for the sidebar's list of briefs: the title (the headline
 * or the source's title), the publisher, the date and the status.
 *
 * Returns: (transfer full): a new #WdBriefRow
 */
GtkWidget *
wd_brief_row_new (void)
{
  return g_object_new (WD_TYPE_BRIEF_ROW, NULL);
}

/**
 * wd_brief_row_get_brief:
 * @self: a #WdBriefRow
 *
 * Returns: (transfer none) (nullable): the brief the row shows
 */
WdBrief *
wd_brief_row_get_brief (WdBriefRow *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_ROW (self), NULL);

  return self->brief;
}

/**
 * wd_brief_row_set_brief:
 * @self: a #WdBriefRow
 * @brief: (nullable): a list row from a #WdBriefList
 *
 * Shows @brief and follows its changes, so a placeholder fills in when it
 * loads.
 */
void
wd_brief_row_set_brief (WdBriefRow *self,
                        WdBrief    *brief)
{
  g_return_if_fail (WD_IS_BRIEF_ROW (self));
  g_return_if_fail (brief == NULL || WD_IS_BRIEF (brief));

  if (!g_set_object (&self->brief, brief))
    return;

  g_signal_group_set_target (self->brief_signals, brief);
  update_row (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRIEF]);
}

/**
 * wd_brief_row_set_selection_mode:
 * @self: a #WdBriefRow
 * @selection_mode: whether the row shows its check button
 * @checked: whether it is checked
 *
 * Shows or hides the check button of selection mode, without emitting
 * #WdBriefRow::toggled.
 */
void
wd_brief_row_set_selection_mode (WdBriefRow *self,
                                 gboolean    selection_mode,
                                 gboolean    checked)
{
  g_return_if_fail (WD_IS_BRIEF_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->check_button), selection_mode);
  g_signal_handlers_block_by_func (self->check_button, on_check_toggled, self);
  gtk_check_button_set_active (self->check_button, checked);
  g_signal_handlers_unblock_by_func (self->check_button, on_check_toggled, self);
}

static void
wd_brief_row_dispose (GObject *object)
{
  WdBriefRow *self = WD_BRIEF_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), WD_TYPE_BRIEF_ROW);
  /* dispose_template() unparents only the bound children; the row's box
   * is not one. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->brief_signals != NULL)
    g_signal_group_set_target (self->brief_signals, NULL);
  g_clear_object (&self->brief_signals);
  g_clear_object (&self->brief);

  G_OBJECT_CLASS (wd_brief_row_parent_class)->dispose (object);
}

static void
wd_brief_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WdBriefRow *self = WD_BRIEF_ROW (object);

  switch (prop_id)
    {
    case PROP_BRIEF:
      g_value_set_object (value, self->brief);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_brief_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  WdBriefRow *self = WD_BRIEF_ROW (object);

  switch (prop_id)
    {
    case PROP_BRIEF:
      wd_brief_row_set_brief (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_brief_row_class_init (WdBriefRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_brief_row_dispose;
  object_class->get_property = wd_brief_row_get_property;
  object_class->set_property = wd_brief_row_set_property;

  properties[PROP_BRIEF] =
    g_param_spec_object ("brief", NULL, NULL,
                         WD_TYPE_BRIEF,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wd-brief-row.ui");
  gtk_widget_class_bind_template_child (widget_class, WdBriefRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, WdBriefRow, publisher_label);
  gtk_widget_class_bind_template_child (widget_class, WdBriefRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, WdBriefRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, WdBriefRow, check_button);
  gtk_widget_class_bind_template_callback (widget_class, on_check_toggled);

  /**
   * WdBriefRow::toggled:
   * @checked: whether the editor checked the row
   *
   * The editor checked or unchecked the row in selection mode.
   */
  signals[TOGGLED] =
    g_signal_new ("toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  gtk_widget_class_set_css_name (widget_class, "wdbriefrow");
}

static void
wd_brief_row_init (WdBriefRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->brief_signals = g_signal_group_new (WD_TYPE_BRIEF);
  g_signal_group_connect_object (self->brief_signals, "notify",
                                 G_CALLBACK (on_brief_notify), self, G_CONNECT_SWAPPED);
  update_row (self);
}
