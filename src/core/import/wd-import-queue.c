/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-import-queue"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wd-import-queue.h"

struct _WdImportItem
{
  GObject            parent_instance;

  WdImportQueue     *queue;        /* unowned; cleared when the queue goes */
  WdImportInput      input;
  char              *value;        /* the address, the path or the text */
  char              *label;
  char              *message;
  WdImportItemState  state;
  gint64             brief_id;
  WdPolicyKind       policy;
  GCancellable      *cancellable;
};

struct _WdImportQueue
{
  GObject     parent_instance;

  WdImporter *importer;
  GPtrArray  *items;      /* WdImportItem, the model */
  guint       batch_start; /* index of the current batch's first item */
  guint       n_running;
  guint       busy : 1;
};

static void wd_import_queue_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE (WdImportItem, wd_import_item, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE_WITH_CODE (WdImportQueue, wd_import_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      wd_import_queue_list_model_init))

enum {
  ITEM_PROP_0,
  ITEM_PROP_STATE,
  ITEM_PROP_LABEL,
  ITEM_PROP_MESSAGE,
  ITEM_PROP_BRIEF_ID,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

enum {
  QUEUE_PROP_0,
  QUEUE_PROP_BUSY,
  QUEUE_N_PROPS
};

static GParamSpec *queue_properties[QUEUE_N_PROPS];

enum {
  BATCH_FINISHED,
  N_SIGNALS
};

static guint queue_signals[N_SIGNALS];

static void queue_item_finished (WdImportQueue *self);

/* WdImportItem */

static void
wd_import_item_finalize (GObject *object)
{
  WdImportItem *self = WD_IMPORT_ITEM (object);

  g_free (self->value);
  g_free (self->label);
  g_free (self->message);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wd_import_item_parent_class)->finalize (object);
}

static void
wd_import_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WdImportItem *self = WD_IMPORT_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case ITEM_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case ITEM_PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case ITEM_PROP_BRIEF_ID:
      g_value_set_int64 (value, self->brief_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_import_item_class_init (WdImportItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wd_import_item_finalize;
  object_class->get_property = wd_import_item_get_property;

  item_properties[ITEM_PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      WD_IMPORT_ITEM_WAITING, WD_IMPORT_ITEM_CANCELLED, WD_IMPORT_ITEM_WAITING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_BRIEF_ID] =
    g_param_spec_int64 ("brief-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
wd_import_item_init (WdImportItem *self)
{
  self->cancellable = g_cancellable_new ();
}

/* The first non-blank line of @text, shortened to @max characters. */
static char *
first_line (const char *text,
            guint       max)
{
  const char *p = text;
  const char *end;
  g_autofree char *line = NULL;

  while (*p != '\0' && g_ascii_isspace (*p))
    p++;
  end = strchr (p, '\n');
  line = g_strstrip (end != NULL ? g_strndup (p, end - p) : g_strdup (p));
  if (g_utf8_strlen (line, -1) <= max)
    return g_steal_pointer (&line);
  {
    g_autofree char *cut = g_utf8_substring (line, 0, max - 1);

    return g_strconcat (cut, "…", NULL);
  }
}

static WdImportItem *
wd_import_item_new (WdImportQueue *queue,
                    WdImportInput  input,
                    const char    *value)
{
  WdImportItem *self = g_object_new (WD_TYPE_IMPORT_ITEM, NULL);

  self->queue = queue;
  self->input = input;
  self->value = g_strdup (value);
  switch (input)
    {
    case WD_IMPORT_INPUT_URL:
      self->label = g_strdup (value);
      break;

    case WD_IMPORT_INPUT_FILE:
      self->label = g_filename_display_basename (value);
      break;

    case WD_IMPORT_INPUT_TEXT:
    default:
      self->label = first_line (value, 80);
      break;
    }
  return self;
}

static void
set_state (WdImportItem      *self,
           WdImportItemState  state,
           const char        *message)
{
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_MESSAGE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_STATE]);
    }
}

WdImportInput
wd_import_item_get_input (WdImportItem *self)
{
  g_return_val_if_fail (WD_IS_IMPORT_ITEM (self), WD_IMPORT_INPUT_URL);

  return self->input;
}

WdImportItemState
wd_import_item_get_state (WdImportItem *self)
{
  g_return_val_if_fail (WD_IS_IMPORT_ITEM (self), WD_IMPORT_ITEM_WAITING);

  return self->state;
}

const char *
wd_import_item_get_label (WdImportItem *self)
{
  g_return_val_if_fail (WD_IS_IMPORT_ITEM (self), NULL);

  return self->label;
}

/**
 * wd_import_item_get_message:
 * @self: a #WdImportItem
 *
 * Returns: (nullable): why the item failed, or the title of the source
 *   it brought in, or %NULL while it waits or runs
 */
const char *
wd_import_item_get_message (WdImportItem *self)
{
  g_return_val_if_fail (WD_IS_IMPORT_ITEM (self), NULL);

  return self->message;
}

/**
 * wd_import_item_get_brief_id:
 * @self: a #WdImportItem
 *
 * Returns: the brief of the imported (or already present) source, or 0
 */
gint64
wd_import_item_get_brief_id (WdImportItem *self)
{
  g_return_val_if_fail (WD_IS_IMPORT_ITEM (self), 0);

  return self->brief_id;
}

WdPolicyKind
wd_import_item_get_policy (WdImportItem *self)
{
  g_return_val_if_fail (WD_IS_IMPORT_ITEM (self), WD_POLICY_SUMMARIZE);

  return self->policy;
}

/**
 * wd_import_item_get_finished:
 * @self: a #WdImportItem
 *
 * Returns: whether the item is done: imported, found, failed or cancelled
 */
gboolean
wd_import_item_get_finished (WdImportItem *self)
{
  g_return_val_if_fail (WD_IS_IMPORT_ITEM (self), FALSE);

  return self->state >= WD_IMPORT_ITEM_IMPORTED;
}

/**
 * wd_import_item_cancel:
 * @self: a #WdImportItem
 *
 * Cancels the item: a waiting one at once, a running one as soon as its
 * fetch notices. A source already being stored is kept and reported as
 * imported, which is what happened.
 */
void
wd_import_item_cancel (WdImportItem *self)
{
  g_return_if_fail (WD_IS_IMPORT_ITEM (self));

  if (self->state == WD_IMPORT_ITEM_WAITING)
    {
      set_state (self, WD_IMPORT_ITEM_CANCELLED, _("Cancelled"));
      if (self->queue != NULL)
        queue_item_finished (self->queue);
    }
  else if (self->state == WD_IMPORT_ITEM_RUNNING)
    {
      g_cancellable_cancel (self->cancellable);
    }
}

/* WdImportQueue */

static GType
wd_import_queue_get_item_type (GListModel *model)
{
  return WD_TYPE_IMPORT_ITEM;
}

static guint
wd_import_queue_get_n_items (GListModel *model)
{
  return WD_IMPORT_QUEUE (model)->items->len;
}

static gpointer
wd_import_queue_get_item (GListModel *model,
                          guint       position)
{
  WdImportQueue *self = WD_IMPORT_QUEUE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
wd_import_queue_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = wd_import_queue_get_item_type;
  iface->get_n_items = wd_import_queue_get_n_items;
  iface->get_item = wd_import_queue_get_item;
}

static void
wd_import_queue_dispose (GObject *object)
{
  WdImportQueue *self = WD_IMPORT_QUEUE (object);

  /* Running imports keep their item alive until they return; they must not
   * call back into a queue that is gone. */
  for (guint i = 0; i < self->items->len; i++)
    {
      WdImportItem *item = g_ptr_array_index (self->items, i);

      item->queue = NULL;
      g_cancellable_cancel (item->cancellable);
    }
  g_ptr_array_set_size (self->items, 0);
  g_clear_object (&self->importer);

  G_OBJECT_CLASS (wd_import_queue_parent_class)->dispose (object);
}

static void
wd_import_queue_finalize (GObject *object)
{
  WdImportQueue *self = WD_IMPORT_QUEUE (object);

  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (wd_import_queue_parent_class)->finalize (object);
}

static void
wd_import_queue_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WdImportQueue *self = WD_IMPORT_QUEUE (object);

  switch (prop_id)
    {
    case QUEUE_PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_import_queue_class_init (WdImportQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wd_import_queue_dispose;
  object_class->finalize = wd_import_queue_finalize;
  object_class->get_property = wd_import_queue_get_property;

  queue_properties[QUEUE_PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, QUEUE_N_PROPS, queue_properties);

  /**
   * WdImportQueue::batch-finished:
   *
   * Every item of the batch has finished; the counts and the summary
   * describe it.
   */
  queue_signals[BATCH_FINISHED] =
    g_signal_new ("batch-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wd_import_queue_init (WdImportQueue *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * wd_import_queue_new:
 * @importer: the importer that does the work
 *
 * Returns: (transfer full): a new, empty queue
 */
WdImportQueue *
wd_import_queue_new (WdImporter *importer)
{
  WdImportQueue *self;

  g_return_val_if_fail (WD_IS_IMPORTER (importer), NULL);

  self = g_object_new (WD_TYPE_IMPORT_QUEUE, NULL);
  self->importer = g_object_ref (importer);
  return self;
}

/**
 * wd_import_queue_get_importer:
 * @self: a #WdImportQueue
 *
 * Returns: (transfer none): the importer
 */
WdImporter *
wd_import_queue_get_importer (WdImportQueue *self)
{
  g_return_val_if_fail (WD_IS_IMPORT_QUEUE (self), NULL);

  return self->importer;
}

gboolean
wd_import_queue_get_busy (WdImportQueue *self)
{
  g_return_val_if_fail (WD_IS_IMPORT_QUEUE (self), FALSE);

  return self->busy;
}

static void
set_busy (WdImportQueue *self,
          gboolean       busy)
{
  if (self->busy == !!busy)
    return;
  self->busy = !!busy;
  g_object_notify_by_pspec (G_OBJECT (self), queue_properties[QUEUE_PROP_BUSY]);
}

static void
on_item_done (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(WdImportItem) item = user_data;
  g_autoptr(WdImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  WdImporter *importer = WD_IMPORTER (object);
  WdImportQueue *queue = item->queue;

  switch (item->input)
    {
    case WD_IMPORT_INPUT_URL:
      result = wd_importer_import_url_finish (importer, res, &error);
      break;

    case WD_IMPORT_INPUT_FILE:
      result = wd_importer_import_file_finish (importer, res, &error);
      break;

    case WD_IMPORT_INPUT_TEXT:
    default:
      result = wd_importer_import_text_finish (importer, res, &error);
      break;
    }

  if (result != NULL)
    {
      item->brief_id = result->brief_id;
      item->policy = result->policy;
      g_object_notify_by_pspec (G_OBJECT (item), item_properties[ITEM_PROP_BRIEF_ID]);
      set_state (item, result->existed ? WD_IMPORT_ITEM_EXISTED : WD_IMPORT_ITEM_IMPORTED,
                 result->title != NULL ? result->title : result->url);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (item, WD_IMPORT_ITEM_CANCELLED, _("Cancelled"));
  else
    set_state (item, WD_IMPORT_ITEM_FAILED, error->message);

  if (queue != NULL)
    {
      queue->n_running--;
      queue_item_finished (queue);
    }
}

static void
start_item (WdImportQueue *self,
            WdImportItem  *item)
{
  set_state (item, WD_IMPORT_ITEM_RUNNING, NULL);
  self->n_running++;
  switch (item->input)
    {
    case WD_IMPORT_INPUT_URL:
      wd_importer_import_url_async (self->importer, item->value, item->cancellable,
                                    on_item_done, g_object_ref (item));
      break;

    case WD_IMPORT_INPUT_FILE:
      wd_importer_import_file_async (self->importer, item->value, item->cancellable,
                                     on_item_done, g_object_ref (item));
      break;

    case WD_IMPORT_INPUT_TEXT:
    default:
      wd_importer_import_text_async (self->importer, item->value, item->cancellable,
                                     on_item_done, g_object_ref (item));
      break;
    }
}

/* Starts waiting items while there is room; ends the batch when nothing
 * waits or runs. */
static void
pump (WdImportQueue *self)
{
  gboolean waiting = FALSE;

  for (guint i = self->batch_start; i < self->items->len; i++)
    {
      WdImportItem *item = g_ptr_array_index (self->items, i);

      if (item->state != WD_IMPORT_ITEM_WAITING)
        continue;
      if (self->n_running >= WD_IMPORT_QUEUE_MAX_RUNNING)
        {
          waiting = TRUE;
          break;
        }
      start_item (self, item);
    }

  if (!waiting && self->n_running == 0 && self->busy)
    {
      g_object_ref (self);
      set_busy (self, FALSE);
      g_signal_emit (self, queue_signals[BATCH_FINISHED], 0);
      g_object_unref (self);
    }
}

static void
queue_item_finished (WdImportQueue *self)
{
  pump (self);
}

static WdImportItem *
add_item (WdImportQueue *self,
          WdImportInput  input,
          const char    *value)
{
  WdImportItem *item = wd_import_item_new (self, input, value);

  if (!self->busy)
    {
      self->batch_start = self->items->len;
      set_busy (self, TRUE);
    }
  g_ptr_array_add (self->items, item);
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
  pump (self);
  return item;
}

/**
 * wd_import_queue_add_url:
 * @self: a #WdImportQueue
 * @url: an http or https address
 *
 * Queues @url; it starts at once when fewer than
 * %WD_IMPORT_QUEUE_MAX_RUNNING imports run.
 *
 * Returns: (transfer none): the item, owned by the queue
 */
WdImportItem *
wd_import_queue_add_url (WdImportQueue *self,
                         const char    *url)
{
  g_return_val_if_fail (WD_IS_IMPORT_QUEUE (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  return add_item (self, WD_IMPORT_INPUT_URL, url);
}

/**
 * wd_import_queue_add_file:
 * @self: a #WdImportQueue
 * @path: a .html, .htm, .md or .txt file
 *
 * Returns: (transfer none): the item, owned by the queue
 */
WdImportItem *
wd_import_queue_add_file (WdImportQueue *self,
                          const char    *path)
{
  g_return_val_if_fail (WD_IS_IMPORT_QUEUE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return add_item (self, WD_IMPORT_INPUT_FILE, path);
}

/**
 * wd_import_queue_add_text:
 * @self: a #WdImportQueue
 * @text: pasted text
 *
 * Returns: (transfer none): the item, owned by the queue
 */
WdImportItem *
wd_import_queue_add_text (WdImportQueue *self,
                          const char    *text)
{
  g_return_val_if_fail (WD_IS_IMPORT_QUEUE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return add_item (self, WD_IMPORT_INPUT_TEXT, text);
}

/* @line without surrounding whitespace and <>, when it is an http(s)
 * address with a host and no spaces; else NULL. */
static char *
url_of_line (const char *line)
{
  g_autofree char *stripped = g_strstrip (g_strdup (line));
  g_autoptr(GUri) uri = NULL;
  char *s = stripped;
  gsize length = strlen (s);
  const char *scheme;

  if (length >= 2 && s[0] == '<' && s[length - 1] == '>')
    {
      s[length - 1] = '\0';
      s++;
    }
  if (strpbrk (s, " \t") != NULL)
    return NULL;
  uri = g_uri_parse (s, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  return g_strdup (s);
}

GStrv
wd_import_split_urls (const char *input)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  g_return_val_if_fail (input != NULL, NULL);

  lines = g_strsplit_set (input, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *url = NULL;

      if (g_strstrip (lines[i])[0] == '\0')
        continue;
      url = url_of_line (lines[i]);
      if (url == NULL)
        return NULL;
      g_strv_builder_add (builder, url);
      n++;
    }
  if (n == 0)
    return NULL;
  return g_strv_builder_end (builder);
}

/**
 * wd_import_queue_add_input:
 * @self: a #WdImportQueue
 * @input: what the editor typed, pasted or dropped
 *
 * Queues every address of @input when it is a list of http(s) addresses
 * (see wd_import_split_urls()), else @input as one pasted text. Blank
 * input adds nothing.
 *
 * Returns: how many items were queued
 */
guint
wd_import_queue_add_input (WdImportQueue *self,
                           const char    *input)
{
  g_auto(GStrv) urls = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (WD_IS_IMPORT_QUEUE (self), 0);
  g_return_val_if_fail (input != NULL, 0);

  urls = wd_import_split_urls (input);
  if (urls != NULL)
    {
      for (guint i = 0; urls[i] != NULL; i++)
        wd_import_queue_add_url (self, urls[i]);
      return g_strv_length (urls);
    }
  stripped = g_strstrip (g_strdup (input));
  if (*stripped == '\0')
    return 0;
  wd_import_queue_add_text (self, input);
  return 1;
}

/**
 * wd_import_queue_cancel_all:
 * @self: a #WdImportQueue
 *
 * Cancels every waiting and running item.
 */
void
wd_import_queue_cancel_all (WdImportQueue *self)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (WD_IS_IMPORT_QUEUE (self));

  /* Cancelling the last waiting item may end the batch, and a handler of
   * "batch-finished" may add items: walk a copy. */
  items = g_ptr_array_copy (self->items, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (items, g_object_unref);
  for (guint i = 0; i < items->len; i++)
    {
      WdImportItem *item = g_ptr_array_index (items, i);

      if (item->state == WD_IMPORT_ITEM_RUNNING)
        g_cancellable_cancel (item->cancellable);
    }
  for (guint i = 0; i < items->len; i++)
    {
      WdImportItem *item = g_ptr_array_index (items, i);

      if (item->state == WD_IMPORT_ITEM_WAITING)
        wd_import_item_cancel (item);
    }
}

/**
 * wd_import_queue_clear_finished:
 * @self: a #WdImportQueue
 *
 * Drops the items of finished batches from the model: all of them when
 * the queue is idle, else those before the batch under way (which keeps
 * its items for its summary).
 */
void
wd_import_queue_clear_finished (WdImportQueue *self)
{
  guint n;

  g_return_if_fail (WD_IS_IMPORT_QUEUE (self));

  n = self->busy ? self->batch_start : self->items->len;
  if (n == 0)
    return;
  g_ptr_array_remove_range (self->items, 0, n);
  self->batch_start = 0;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

/**
 * wd_import_queue_count:
 * @self: a #WdImportQueue
 * @state: the state to count
 *
 * Returns: how many items of the current (or, when idle, the last) batch
 *   are in @state
 */
guint
wd_import_queue_count (WdImportQueue     *self,
                       WdImportItemState  state)
{
  guint n = 0;

  g_return_val_if_fail (WD_IS_IMPORT_QUEUE (self), 0);

  for (guint i = self->batch_start; i < self->items->len; i++)
    if (((WdImportItem *) g_ptr_array_index (self->items, i))->state == state)
      n++;
  return n;
}

/**
 * wd_import_queue_dup_summary:
 * @self: a #WdImportQueue
 *
 * Sums up the current (or last) batch for a toast, such as "3 imported,
 * 1 already in the archive, 1 failed"; counts of zero are left out.
 *
 * Returns: (transfer full): the summary, "" for an empty batch
 */
char *
wd_import_queue_dup_summary (WdImportQueue *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint imported, existed, failed, cancelled;

  g_return_val_if_fail (WD_IS_IMPORT_QUEUE (self), NULL);

  imported = wd_import_queue_count (self, WD_IMPORT_ITEM_IMPORTED);
  existed = wd_import_queue_count (self, WD_IMPORT_ITEM_EXISTED);
  failed = wd_import_queue_count (self, WD_IMPORT_ITEM_FAILED);
  cancelled = wd_import_queue_count (self, WD_IMPORT_ITEM_CANCELLED);

  if (imported > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u imported", "%u imported", imported),
                                             imported));
  if (existed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u already in the archive",
                                                       "%u already in the archive", existed),
                                             existed));
  if (failed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u failed", "%u failed", failed),
                                             failed));
  if (cancelled > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u cancelled", "%u cancelled",
                                                       cancelled),
                                             cancelled));
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the counts of an import summary */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}
