/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-llm-stream"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wd-draft-error.h"
#include "wd-llm-stream.h"

#define BOM "\xEF\xBB\xBF"

struct _WdLlmStream
{
  WdLlmStreamFormat  format;
  gsize              max_line;

  /* The bytes of a line whose end has not arrived yet. */
  GByteArray        *partial;
  /* The last piece ended in CR: an LF starting the next one belongs to it. */
  gboolean           skip_lf;
  gboolean           seen_first_line;
  gboolean           ended;
  /* Set once; every later call fails the same way. */
  GError            *error;

  /* The SSE event being assembled. */
  char              *event_name;
  GString           *data;
  char              *last_id;

  GQueue             events;
};

/**
 * wd_llm_stream_event_free:
 * @event: (nullable): an event from wd_llm_stream_pop()
 *
 * Frees an event.
 */
void
wd_llm_stream_event_free (WdLlmStreamEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->event);
  g_free (event->data);
  g_free (event->id);
  g_free (event);
}

/* Text a server sent, as valid UTF-8 without NULs. */
static char *
dup_text (const char *bytes,
          gsize       length,
          gsize      *out_length)
{
  char *text;

  if (g_utf8_validate_len (bytes, length, NULL))
    text = g_strndup (bytes, length);
  else
    text = g_utf8_make_valid (bytes, length);

  if (out_length != NULL)
    *out_length = strlen (text);
  return text;
}

/**
 * wd_llm_stream_new:
 * @format: SSE or NDJSON
 * @max_line: the longest line (and, for SSE, the largest event's data) to
 *   accept, in bytes; 0 for %WD_LLM_STREAM_DEFAULT_MAX_LINE
 *
 * Creates a decoder for one response body. Memory stays bounded by
 * @max_line: a longer line is an error rather than an ever-growing buffer.
 *
 * Returns: (transfer full): a new decoder; free it with wd_llm_stream_free()
 */
WdLlmStream *
wd_llm_stream_new (WdLlmStreamFormat format,
                   gsize             max_line)
{
  WdLlmStream *self = g_new0 (WdLlmStream, 1);

  self->format = format;
  self->max_line = max_line > 0 ? max_line : WD_LLM_STREAM_DEFAULT_MAX_LINE;
  self->partial = g_byte_array_new ();
  self->data = g_string_new (NULL);
  g_queue_init (&self->events);

  return self;
}

/**
 * wd_llm_stream_free:
 * @self: (nullable): a #WdLlmStream
 *
 * Frees the decoder and any events not popped yet.
 */
void
wd_llm_stream_free (WdLlmStream *self)
{
  if (self == NULL)
    return;

  g_byte_array_unref (self->partial);
  g_string_free (self->data, TRUE);
  g_free (self->event_name);
  g_free (self->last_id);
  g_clear_error (&self->error);
  g_queue_clear_full (&self->events, (GDestroyNotify) wd_llm_stream_event_free);
  g_free (self);
}

static void
set_too_long (WdLlmStream *self)
{
  g_autofree char *size = g_format_size_full (self->max_line, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (&self->error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_PROTOCOL,
               _("The server sent a line longer than %s, which is not a language-model "
                 "stream Wiredesk can read; check the backend’s base URL."),
               size);
}

static void
push_event (WdLlmStream *self,
            const char  *name,
            const char  *data,
            gsize        data_length,
            gboolean     from_error_line)
{
  WdLlmStreamEvent *event = g_new0 (WdLlmStreamEvent, 1);

  event->event = g_strdup (name);
  event->data = dup_text (data, data_length, &event->data_length);
  event->id = g_strdup (self->last_id);
  event->from_error_line = from_error_line;
  g_queue_push_tail (&self->events, event);
}

static void
dispatch_sse (WdLlmStream *self)
{
  /* A blank line with no data before it dispatches nothing (WHATWG). */
  if (self->data->len > 0)
    {
      /* The buffer ends in the "\n" added after the last data line. */
      push_event (self, self->event_name, self->data->str, self->data->len - 1, FALSE);
    }

  g_string_truncate (self->data, 0);
  g_clear_pointer (&self->event_name, g_free);
}

static gboolean
field_is (const char *field,
          gsize       field_length,
          const char *name)
{
  return field_length == strlen (name) && memcmp (field, name, field_length) == 0;
}

static void
process_sse_line (WdLlmStream *self,
                  const char  *line,
                  gsize        length)
{
  const char *colon;
  const char *value;
  gsize field_length;
  gsize value_length;

  if (length == 0)
    {
      dispatch_sse (self);
      return;
    }

  /* A comment: keep-alives such as ": ping", ": OPENROUTER PROCESSING"
   * or a bare ":". */
  if (line[0] == ':')
    return;

  colon = memchr (line, ':', length);
  if (colon != NULL)
    {
      field_length = colon - line;
      value = colon + 1;
      value_length = length - field_length - 1;
      if (value_length > 0 && value[0] == ' ')
        {
          value++;
          value_length--;
        }
    }
  else
    {
      field_length = length;
      value = "";
      value_length = 0;
    }

  if (field_is (line, field_length, "data"))
    {
      if (self->data->len + value_length + 1 > self->max_line)
        {
          set_too_long (self);
          return;
        }
      g_string_append_len (self->data, value, value_length);
      g_string_append_c (self->data, '\n');
    }
  else if (field_is (line, field_length, "event"))
    {
      g_clear_pointer (&self->event_name, g_free);
      if (value_length > 0)
        self->event_name = dup_text (value, value_length, NULL);
    }
  else if (field_is (line, field_length, "id"))
    {
      /* An id with a NUL in it is ignored, as the specification says. */
      if (memchr (value, '\0', value_length) == NULL)
        {
          g_free (self->last_id);
          self->last_id = dup_text (value, value_length, NULL);
        }
    }
  else if (field_is (line, field_length, "error"))
    {
      /* llama-server before PR #16109 reported failures as a bare
       * "error: {…}" line, often with no blank line after it; a strict
       * parser drops it and shows an empty answer instead of the error. */
      push_event (self, "error", value, value_length, TRUE);
    }
  /* "retry" and unknown fields are ignored. */
}

static gboolean
is_blank (const char *line,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

static void
process_line (WdLlmStream *self,
              const char  *line,
              gsize        length)
{
  if (!self->seen_first_line)
    {
      self->seen_first_line = TRUE;
      if (length >= 3 && memcmp (line, BOM, 3) == 0)
        {
          line += 3;
          length -= 3;
        }
    }

  if (self->format == WD_LLM_STREAM_SSE)
    process_sse_line (self, line, length);
  else if (!is_blank (line, length))
    push_event (self, NULL, line, length, FALSE);
}

/**
 * wd_llm_stream_feed:
 * @self: a #WdLlmStream
 * @data: (array length=length): the next bytes of the body
 * @length: their number; 0 is allowed
 * @error: return location for a %WD_DRAFT_ERROR_PROTOCOL error
 *
 * Takes the next piece of the body. Complete events are queued for
 * wd_llm_stream_pop(); the rest is kept for the next call.
 *
 * Returns: %FALSE when a line is longer than the limit; the decoder then
 *   stays failed
 */
gboolean
wd_llm_stream_feed (WdLlmStream   *self,
                    const guint8  *data,
                    gsize          length,
                    GError       **error)
{
  gsize i = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (!self->ended, FALSE);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  if (self->skip_lf && length > 0)
    {
      if (data[0] == '\n')
        i = 1;
      self->skip_lf = FALSE;
    }

  while (i < length && self->error == NULL)
    {
      const guint8 *start = data + i;
      gsize rest = length - i;
      const guint8 *lf = memchr (start, '\n', rest);
      const guint8 *cr = memchr (start, '\r', lf != NULL ? (gsize) (lf - start) : rest);
      const guint8 *end = cr != NULL ? cr : lf;
      gsize segment;

      if (end == NULL)
        {
          if (self->partial->len + rest > self->max_line)
            set_too_long (self);
          else
            g_byte_array_append (self->partial, start, rest);
          break;
        }

      segment = end - start;
      if (self->partial->len + segment > self->max_line)
        {
          set_too_long (self);
          break;
        }

      if (self->partial->len > 0)
        {
          g_byte_array_append (self->partial, start, segment);
          process_line (self, (const char *) self->partial->data, self->partial->len);
          g_byte_array_set_size (self->partial, 0);
        }
      else
        process_line (self, (const char *) start, segment);

      i += segment + 1;
      if (*end == '\r')
        {
          if (i < length)
            {
              if (data[i] == '\n')
                i++;
            }
          else
            self->skip_lf = TRUE;
        }
    }

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  return TRUE;
}

/**
 * wd_llm_stream_end:
 * @self: a #WdLlmStream
 * @error: return location for a %WD_DRAFT_ERROR_PROTOCOL error
 *
 * Tells the decoder the body has ended. An unfinished last line is taken
 * as a line. For SSE, an event still waiting for its blank line is thrown
 * away as the specification says, except one whose data is `[DONE]`: at
 * least one llama-server build ends its stream that way.
 *
 * Returns: %FALSE when the decoder had failed
 */
gboolean
wd_llm_stream_end (WdLlmStream  *self,
                   GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->ended, FALSE);

  self->ended = TRUE;
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  if (self->partial->len > 0)
    {
      process_line (self, (const char *) self->partial->data, self->partial->len);
      g_byte_array_set_size (self->partial, 0);
    }

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  if (self->format == WD_LLM_STREAM_SSE && g_str_has_prefix (self->data->str, "[DONE]"))
    dispatch_sse (self);

  return TRUE;
}

/**
 * wd_llm_stream_pop:
 * @self: a #WdLlmStream
 *
 * Takes the oldest complete event.
 *
 * Returns: (transfer full) (nullable): the event, or %NULL when none is
 *   waiting
 */
WdLlmStreamEvent *
wd_llm_stream_pop (WdLlmStream *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_queue_pop_head (&self->events);
}
