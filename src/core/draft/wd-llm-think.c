/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-llm-think"

#include <string.h>

#include "wd-llm-think.h"

#define OPEN_TAG "<think>"
#define CLOSE_TAG "</think>"

typedef enum {
  STATE_SEGMENT_START,  /* nothing but whitespace since the start or the last block */
  STATE_ANSWER,
  STATE_THINK,
} State;

struct _WdLlmThink
{
  WdLlmDeltaFunc  func;
  gpointer        user_data;

  State           state;
  /* A think block was opened or closed: whitespace after it is dropped,
   * and a stray </think> no longer reclassifies anything. */
  gboolean        seen_block;
  /* Text not handed out yet: whitespace at a segment's start, or a tail
   * that may begin a tag. */
  GString        *held;
  /* The text handed out before any block: what a late </think> turns into
   * reasoning. */
  GString        *early_text;
};

/**
 * wd_llm_think_new:
 * @func: called with each text or reasoning piece
 * @user_data: data for @func
 *
 * Returns: (transfer full): a new splitter; free it with wd_llm_think_free()
 */
WdLlmThink *
wd_llm_think_new (WdLlmDeltaFunc func,
                  gpointer       user_data)
{
  WdLlmThink *self = g_new0 (WdLlmThink, 1);

  self->func = func;
  self->user_data = user_data;
  self->held = g_string_new (NULL);
  self->early_text = g_string_new (NULL);

  return self;
}

/**
 * wd_llm_think_free:
 * @self: (nullable): a #WdLlmThink
 *
 * Frees the splitter; held-back text is dropped (call wd_llm_think_end()
 * first to have it).
 */
void
wd_llm_think_free (WdLlmThink *self)
{
  if (self == NULL)
    return;

  g_string_free (self->held, TRUE);
  g_string_free (self->early_text, TRUE);
  g_free (self);
}

static void
emit (WdLlmThink     *self,
      WdLlmDeltaKind  kind,
      const char     *text,
      gsize           length)
{
  g_autofree char *piece = NULL;

  if (length == 0 && kind != WD_LLM_DELTA_TEXT_TO_REASONING)
    return;

  if (kind == WD_LLM_DELTA_TEXT_TO_REASONING)
    {
      self->func (kind, self->early_text->str, self->user_data);
      g_string_truncate (self->early_text, 0);
      return;
    }

  piece = g_strndup (text, length);
  if (kind == WD_LLM_DELTA_TEXT && !self->seen_block)
    g_string_append (self->early_text, piece);
  self->func (kind, piece, self->user_data);
}

/* The length of the longest tail of @text that is a proper prefix of @tag:
 * the part that must wait for the next piece. */
static gsize
tag_prefix_tail (const char *text,
                 gsize       length,
                 const char *tag)
{
  gsize tag_length = strlen (tag);

  for (gsize n = MIN (length, tag_length - 1); n > 0; n--)
    if (memcmp (text + length - n, tag, n) == 0)
      return n;
  return 0;
}

static gboolean
is_prefix_of (const char *text,
              gsize       length,
              const char *tag)
{
  return length < strlen (tag) && memcmp (text, tag, length) == 0;
}

static void
consume (WdLlmThink *self,
         gsize       length)
{
  g_string_erase (self->held, 0, length);
}

/* Hands out what can be decided; keeps the rest in @held. */
static void
process (WdLlmThink *self)
{
  for (;;)
    {
      const char *str = self->held->str;
      gsize len = self->held->len;

      switch (self->state)
        {
        case STATE_SEGMENT_START:
          {
            gsize ws = 0;
            const char *rest;
            gsize rest_len;

            while (ws < len && g_ascii_isspace (str[ws]))
              ws++;
            if (ws == len)
              return;
            rest = str + ws;
            rest_len = len - ws;

            if (g_str_has_prefix (rest, OPEN_TAG))
              {
                consume (self, ws + strlen (OPEN_TAG));
                self->state = STATE_THINK;
                self->seen_block = TRUE;
                continue;
              }
            if (!self->seen_block && g_str_has_prefix (rest, CLOSE_TAG))
              {
                /* An empty reasoning whose opening tag was in the prompt. */
                consume (self, ws + strlen (CLOSE_TAG));
                self->seen_block = TRUE;
                continue;
              }
            if (is_prefix_of (rest, rest_len, OPEN_TAG)
                || (!self->seen_block && is_prefix_of (rest, rest_len, CLOSE_TAG)))
              return;

            /* The answer starts; the blank lines after a block go. */
            if (self->seen_block)
              consume (self, ws);
            self->state = STATE_ANSWER;
            continue;
          }

        case STATE_ANSWER:
          if (!self->seen_block)
            {
              const char *close = strstr (str, CLOSE_TAG);
              gsize keep;

              if (close != NULL)
                {
                  emit (self, WD_LLM_DELTA_TEXT, str, close - str);
                  emit (self, WD_LLM_DELTA_TEXT_TO_REASONING, "", 0);
                  consume (self, close - str + strlen (CLOSE_TAG));
                  self->seen_block = TRUE;
                  self->state = STATE_SEGMENT_START;
                  continue;
                }
              keep = tag_prefix_tail (str, len, CLOSE_TAG);
              emit (self, WD_LLM_DELTA_TEXT, str, len - keep);
              consume (self, len - keep);
              return;
            }
          emit (self, WD_LLM_DELTA_TEXT, str, len);
          consume (self, len);
          return;

        case STATE_THINK:
          {
            const char *close = strstr (str, CLOSE_TAG);
            gsize keep;

            if (close != NULL)
              {
                emit (self, WD_LLM_DELTA_REASONING, str, close - str);
                consume (self, close - str + strlen (CLOSE_TAG));
                self->state = STATE_SEGMENT_START;
                continue;
              }
            keep = tag_prefix_tail (str, len, CLOSE_TAG);
            emit (self, WD_LLM_DELTA_REASONING, str, len - keep);
            consume (self, len - keep);
            return;
          }

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * wd_llm_think_feed:
 * @self: a #WdLlmThink
 * @text: the next piece of the model's text (UTF-8)
 *
 * Takes the next piece; calls the function with what can be decided.
 */
void
wd_llm_think_feed (WdLlmThink *self,
                   const char *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  if (*text == '\0')
    return;
  g_string_append (self->held, text);
  process (self);
}

/**
 * wd_llm_think_end:
 * @self: a #WdLlmThink
 *
 * The text has ended: what was held back goes out, as reasoning inside an
 * unclosed block, else as text (whitespace after a block is dropped).
 */
void
wd_llm_think_end (WdLlmThink *self)
{
  g_return_if_fail (self != NULL);

  if (self->state == STATE_THINK)
    emit (self, WD_LLM_DELTA_REASONING, self->held->str, self->held->len);
  else if (self->state == STATE_ANSWER || !self->seen_block)
    emit (self, WD_LLM_DELTA_TEXT, self->held->str, self->held->len);
  else
    {
      /* After a block: drop the whitespace, keep anything else. */
      const char *p = self->held->str;

      while (g_ascii_isspace (*p))
        p++;
      emit (self, WD_LLM_DELTA_TEXT, p, strlen (p));
    }
  g_string_truncate (self->held, 0);
}
