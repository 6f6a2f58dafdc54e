/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-preflight-panel"

#include <glib/gi18n.h>

#include "wd-format.h"
#include "wd-preflight-panel.h"

/* Taller than this, the list scrolls rather than push the brief away. */
#define MAX_LIST_HEIGHT 240

typedef struct {
  int    section;
  gint64 start;
  gint64 end;
  gint64 source_start;
  gint64 source_end;
} ItemPlace;

struct _WdPreflightPanel
{
  GtkWidget parent_instance;

  /* built in init, children of the panel */
  GtkToggleButton *header_button;
  GtkImage        *status_icon;
  GtkLabel        *summary_label;
  GtkImage        *arrow_icon;
  GtkRevealer     *revealer;
  GtkListBox      *list;

  /* owned */
  GArray *places;   /* ItemPlace, one per row */
  char   *summary;
};

G_DEFINE_FINAL_TYPE (WdPreflightPanel, wd_preflight_panel, GTK_TYPE_WIDGET)

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
severity_icon_name (WdReviewSeverity severity)
{
  switch (severity)
    {
    case WD_REVIEW_FAILURE:
      return "dialog-error-symbolic";
    case WD_REVIEW_WARNING:
      return "dialog-warning-symbolic";
    case WD_REVIEW_INFO:
      return "dialog-information-symbolic";
    case WD_REVIEW_PASS:
    default:
      return "emblem-ok-symbolic";
    }
}

static const char *
severity_css_class (WdReviewSeverity severity)
{
  switch (severity)
    {
    case WD_REVIEW_FAILURE:
      return "error";
    case WD_REVIEW_WARNING:
      return "warning";
    case WD_REVIEW_INFO:
      return "dim-label";
    case WD_REVIEW_PASS:
    default:
      return "success";
    }
}

static const char *
severity_label (WdReviewSeverity severity)
{
  switch (severity)
    {
    case WD_REVIEW_FAILURE:
      return _("Failure");
    case WD_REVIEW_WARNING:
      return _("Warning");
    case WD_REVIEW_INFO:
      return _("Note");
    case WD_REVIEW_PASS:
    default:
      return _("Passed");
    }
}

static const char *
location_label (int section)
{
  if (section == WD_REVIEW_SECTION_HEADLINE)
    return _("Headline");
  if (section == WD_REVIEW_SECTION_MENTIONS)
    return _("Mentions");
  if (section >= 0 && section < WD_SECTION_N_KINDS)
    return wd_format_section_heading ((WdSectionKind) section);
  return _("Whole brief");
}

/* Failures, then warnings, then notes; in text order within each. */
static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const WdReviewItem *x = *(WdReviewItem * const *) a;
  const WdReviewItem *y = *(WdReviewItem * const *) b;

  if (x->severity != y->severity)
    return (int) y->severity - (int) x->severity;
  return 0;
}

static GtkWidget *
create_row (const WdReviewItem *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon_name (item->severity));
  GtkWidget *where = gtk_label_new (location_label (item->section));
  GtkWidget *message = gtk_label_new (item->message);
  g_autofree char *accessible = NULL;

  gtk_widget_add_css_class (icon, severity_css_class (item->severity));
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 2);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_widget_add_css_class (where, "caption-heading");
  gtk_widget_add_css_class (where, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (text), where);
  gtk_box_append (GTK_BOX (text), message);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_add_css_class (box, "preflight-item");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: a preflight item read out: "Failure, Summary: The number …" */
  accessible = g_strdup_printf (_("%s, %s: %s"), severity_label (item->severity),
                                location_label (item->section), item->message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return row;
}

static void
on_row_activated (WdPreflightPanel *self,
                  GtkListBoxRow    *row,
                  GtkListBox       *list)
{
  int index = gtk_list_box_row_get_index (row);
  ItemPlace *place;

  if (index < 0 || (guint) index >= self->places->len)
    return;
  place = &g_array_index (self->places, ItemPlace, index);
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, place->section, place->start, place->end,
                 place->source_start, place->source_end);
}

static void
update_arrow (WdPreflightPanel *self)
{
  gboolean expanded = gtk_toggle_button_get_active (self->header_button);

  gtk_image_set_from_icon_name (self->arrow_icon,
                                expanded ? "pan-down-symbolic" : "pan-end-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->header_button),
                               GTK_ACCESSIBLE_STATE_EXPANDED, expanded, -1);
}

/**
 * wd_preflight_panel_new:
 *
 * Returns: (transfer floating): a new, empty panel
 */
GtkWidget *
wd_preflight_panel_new (void)
{
  return g_object_new (WD_TYPE_PREFLIGHT_PANEL, NULL);
}

/**
 * wd_preflight_panel_set_report:
 * @self: a #WdPreflightPanel
 * @report: (nullable): what the checks found; %NULL while nothing was
 *   checked
 *
 * Lists the report's failures, warnings and notes (passes are summed up
 * in the summary line only).
 */
void
wd_preflight_panel_set_report (WdPreflightPanel     *self,
                               const WdReviewReport *report)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  GtkWidget *child;
  const char *css_class;
  const char *icon;
  guint n_infos = 0;

  g_return_if_fail (WD_IS_PREFLIGHT_PANEL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_array_set_size (self->places, 0);
  g_clear_pointer (&self->summary, g_free);

  for (guint i = 0; report != NULL && i < report->items->len; i++)
    {
      WdReviewItem *item = g_ptr_array_index (report->items, i);

      if (item->severity == WD_REVIEW_PASS)
        continue;
      if (item->severity == WD_REVIEW_INFO)
        n_infos++;
      g_ptr_array_add (shown, item);
    }
  /* g_qsort_with_data() is stable: text order stays within a severity. */
  g_ptr_array_sort (shown, compare_items);

  for (guint i = 0; i < shown->len; i++)
    {
      WdReviewItem *item = g_ptr_array_index (shown, i);
      ItemPlace place = { item->section, item->start, item->end, item->source_start,
                          item->source_end };

      g_array_append_val (self->places, place);
      gtk_list_box_append (self->list, create_row (item));
    }

  if (report == NULL)
    {
      self->summary = g_strdup (_("Checking…"));
      icon = "content-loading-symbolic";
      css_class = "dim-label";
    }
  else if (report->n_failures > 0 || report->n_warnings > 0)
    {
      g_autofree char *failures = NULL;
      g_autofree char *warnings = NULL;

      /* Translators: the preflight's summary, "2 failures" */
      failures = g_strdup_printf (ngettext ("%u failure", "%u failures", report->n_failures),
                                  report->n_failures);
      /* Translators: the preflight's summary, "1 warning" */
      warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings", report->n_warnings),
                                  report->n_warnings);
      if (report->n_failures > 0 && report->n_warnings > 0)
        /* Translators: "2 failures · 1 warning" */
        self->summary = g_strdup_printf (_("%s · %s"), failures, warnings);
      else
        self->summary = g_strdup (report->n_failures > 0 ? failures : warnings);
      icon = severity_icon_name (report->n_failures > 0 ? WD_REVIEW_FAILURE : WD_REVIEW_WARNING);
      css_class = report->n_failures > 0 ? "error" : "warning";
    }
  else
    {
      if (n_infos > 0)
        /* Translators: the preflight's summary when only notes remain */
        self->summary = g_strdup_printf (ngettext ("Ready to publish · %u note",
                                                   "Ready to publish · %u notes", n_infos),
                                         n_infos);
      else
        self->summary = g_strdup (_("Ready to publish"));
      icon = severity_icon_name (WD_REVIEW_PASS);
      css_class = "success";
    }

  gtk_label_set_label (self->summary_label, self->summary);
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css_class);
  /* Nothing to open: the line just says so, at full strength. */
  gtk_widget_set_can_target (GTK_WIDGET (self->header_button), shown->len > 0);
  gtk_widget_set_focusable (GTK_WIDGET (self->header_button), shown->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->arrow_icon), shown->len > 0);
  if (shown->len == 0)
    gtk_toggle_button_set_active (self->header_button, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->header_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary, -1);
}

/**
 * wd_preflight_panel_get_summary:
 * @self: a #WdPreflightPanel
 *
 * Returns: the summary line, "2 failures · 1 warning" or "Ready to publish"
 */
const char *
wd_preflight_panel_get_summary (WdPreflightPanel *self)
{
  g_return_val_if_fail (WD_IS_PREFLIGHT_PANEL (self), NULL);

  return self->summary;
}

/**
 * wd_preflight_panel_get_n_items:
 * @self: a #WdPreflightPanel
 *
 * Returns: how many items are listed
 */
guint
wd_preflight_panel_get_n_items (WdPreflightPanel *self)
{
  g_return_val_if_fail (WD_IS_PREFLIGHT_PANEL (self), 0);

  return self->places->len;
}

/**
 * wd_preflight_panel_activate_item:
 * @self: a #WdPreflightPanel
 * @index: a row, failures first
 *
 * Activates the row at @index, as a click or Enter on it would.
 */
void
wd_preflight_panel_activate_item (WdPreflightPanel *self,
                                  guint             index)
{
  GtkListBoxRow *row;

  g_return_if_fail (WD_IS_PREFLIGHT_PANEL (self));

  row = gtk_list_box_get_row_at_index (self->list, (int) index);
  g_return_if_fail (row != NULL);
  gtk_widget_activate (GTK_WIDGET (row));
}

/**
 * wd_preflight_panel_get_expanded:
 * @self: a #WdPreflightPanel
 *
 * Returns: whether the list is open
 */
gboolean
wd_preflight_panel_get_expanded (WdPreflightPanel *self)
{
  g_return_val_if_fail (WD_IS_PREFLIGHT_PANEL (self), FALSE);

  return gtk_toggle_button_get_active (self->header_button);
}

/**
 * wd_preflight_panel_set_expanded:
 * @self: a #WdPreflightPanel
 * @expanded: whether to open the list
 */
void
wd_preflight_panel_set_expanded (WdPreflightPanel *self,
                                 gboolean          expanded)
{
  g_return_if_fail (WD_IS_PREFLIGHT_PANEL (self));

  gtk_toggle_button_set_active (self->header_button, expanded);
}

static void
wd_preflight_panel_dispose (GObject *object)
{
  WdPreflightPanel *self = WD_PREFLIGHT_PANEL (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wd_preflight_panel_parent_class)->dispose (object);
}

static void
wd_preflight_panel_finalize (GObject *object)
{
  WdPreflightPanel *self = WD_PREFLIGHT_PANEL (object);

  g_clear_pointer (&self->places, g_array_unref);
  g_free (self->summary);

  G_OBJECT_CLASS (wd_preflight_panel_parent_class)->finalize (object);
}

static void
wd_preflight_panel_class_init (WdPreflightPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_preflight_panel_dispose;
  object_class->finalize = wd_preflight_panel_finalize;

  /**
   * WdPreflightPanel::item-activated:
   * @section: a #WdSectionKind or WD_REVIEW_SECTION_*
   * @start: bytes into the section's text, or -1 for the whole
   * @end: where the item ends
   * @source_start: bytes into the source's text, or -1
   * @source_end: where that ends
   */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_INT, G_TYPE_INT64, G_TYPE_INT64,
                  G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wdpreflightpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
wd_preflight_panel_init (WdPreflightPanel *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->places = g_array_new (FALSE, FALSE, sizeof (ItemPlace));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Preflight"), -1);

  self->status_icon = GTK_IMAGE (gtk_image_new ());
  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_label_set_ellipsize (self->summary_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->summary_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "heading");
  self->arrow_icon = GTK_IMAGE (gtk_image_new ());
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->status_icon));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->summary_label));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->arrow_icon));

  self->header_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_child (GTK_BUTTON (self->header_button), header);
  gtk_widget_add_css_class (GTK_WIDGET (self->header_button), "flat");
  gtk_widget_add_css_class (GTK_WIDGET (self->header_button), "preflight-summary");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->header_button), _("Show or hide the preflight"));
  g_signal_connect_object (self->header_button, "toggled", G_CALLBACK (update_arrow), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_parent (GTK_WIDGET (self->header_button), GTK_WIDGET (self));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Preflight items"), -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated), self,
                           G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), MAX_LIST_HEIGHT);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_add_css_class (scroller, "preflight-list");

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (self->revealer, scroller);
  g_object_bind_property (self->header_button, "active", self->revealer, "reveal-child",
                          G_BINDING_SYNC_CREATE);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));

  update_arrow (self);
  wd_preflight_panel_set_report (self, NULL);
}
