/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-draft"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "wd-draft-job.h"
#include "wd-builtin.h"
#include "wd-draft-error.h"
#include "wd-llm-backend.h"
#include "wd-prompt.h"
#include "wd-related.h"

/*
 * How a brief is drafted:
 *
 *  1. In a worker thread: the brief and its source, the publisher's
 *     policy, the templates (the archive's newest versions), the related
 *     coverage for the context section, or the whole builtin draft.
 *  2. Before anything is sent, the parts that hold the editor's text are
 *     found: without --force they stop the job (the app asks first), so a
 *     draft never lands on top of an edit by surprise. Even with --force
 *     every earlier revision stays in the section's history; the headline
 *     has no history, so it counts as the editor's once it is set.
 *  3. Part by part, in WdDraftPart order, on the caller's main context:
 *     the request streams, its deltas are re-emitted, and the answer is
 *     saved in a worker thread as a new revision recording the backend,
 *     model, template version, token usage and times. A part cut off
 *     (cancelled, stalled, an error mid-stream) keeps what arrived as a
 *     revision marked incomplete, and the job stops there.
 *
 * Link-only publishers get no summary; excluded ones never reach a model.
 */

static const char * const part_names[WD_N_DRAFT_PARTS] = {
  [WD_DRAFT_PART_SUMMARY] = "summary",
  [WD_DRAFT_PART_ANALYST_TAKE] = "analyst_take",
  [WD_DRAFT_PART_CONTEXT] = "context",
  [WD_DRAFT_PART_WATCH] = "watch",
  [WD_DRAFT_PART_HEADLINE] = "headline",
  [WD_DRAFT_PART_MENTIONS] = "mentions",
};

static const WdPromptKind part_prompts[WD_N_DRAFT_PARTS] = {
  [WD_DRAFT_PART_SUMMARY] = WD_PROMPT_SUMMARY,
  [WD_DRAFT_PART_ANALYST_TAKE] = WD_PROMPT_ANALYST_TAKE,
  [WD_DRAFT_PART_CONTEXT] = WD_PROMPT_CONTEXT,
  [WD_DRAFT_PART_WATCH] = WD_PROMPT_WATCH,
  [WD_DRAFT_PART_HEADLINE] = WD_PROMPT_HEADLINE,
  [WD_DRAFT_PART_MENTIONS] = WD_PROMPT_MENTIONS,
};

#define IS_SECTION(part) ((part) <= WD_DRAFT_PART_WATCH)

typedef struct {
  WdDraftPartState  state;
  GString          *text;
  GString          *reasoning;
  char             *note;
} Part;

/* What the worker thread gathers before drafting starts. */
typedef struct {
  WdBrief          *brief;
  WdPolicyKind      policy;
  int               max_quote_words;
  char             *templates[WD_N_PROMPTS];
  int               versions[WD_N_PROMPTS];
  char             *related;    /* {{related}}, for a language model */
  WdBuiltinDraft   *builtin;    /* the whole draft, for the builtin engine */
} Prepared;

struct _WdDraftJob
{
  GObject       parent_instance;

  WdContext    *context;
  gint64        brief_id;
  guint         parts_mask;
  char         *backend_request;  /* as asked for; NULL: the default */
  char         *instruction;
  gboolean      force;
  gboolean      empty_only;

  /* while running */
  GTask        *task;
  WdLlmBackend *backends[WD_N_DRAFT_PARTS];      /* per part; NULL: the builtin engine */
  char         *backend_names[WD_N_DRAFT_PARTS];
  WdLlmBackend *backend;          /* the current part's, or NULL */
  char         *backend_name;     /* the current (or last) part's */
  char         *model;
  char         *nonce;
  Prepared     *prepared;
  Part          parts[WD_N_DRAFT_PARTS];
  int           current;
  gint64        prompt_tokens;
  gint64        completion_tokens;
  gboolean      running;
  WdDraftJobState state;
  char         *error_message;
};

G_DEFINE_FINAL_TYPE (WdDraftJob, wd_draft_job, G_TYPE_OBJECT)

enum {
  PART_STARTED,
  DELTA,
  PART_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void run_next_part (WdDraftJob *self);
static void use_part_backend (WdDraftJob  *self,
                              WdDraftPart  part);

const char *
wd_draft_part_to_string (WdDraftPart part)
{
  g_return_val_if_fail (part < WD_N_DRAFT_PARTS, NULL);

  return part_names[part];
}

gboolean
wd_draft_part_from_string (const char  *str,
                           WdDraftPart *out_part)
{
  for (guint i = 0; i < WD_N_DRAFT_PARTS; i++)
    if (g_strcmp0 (str, part_names[i]) == 0)
      {
        *out_part = i;
        return TRUE;
      }
  return FALSE;
}

/* How a part is named in messages. */
static const char *
part_label (WdDraftPart part)
{
  switch (part)
    {
    case WD_DRAFT_PART_SUMMARY:
      return _("the summary");
    case WD_DRAFT_PART_ANALYST_TAKE:
      return _("the analyst take");
    case WD_DRAFT_PART_CONTEXT:
      return _("the context");
    case WD_DRAFT_PART_WATCH:
      return _("what to watch");
    case WD_DRAFT_PART_HEADLINE:
      return _("the headline");
    case WD_DRAFT_PART_MENTIONS:
    case WD_N_DRAFT_PARTS:
    default:
      return _("the mentions");
    }
}

static void
prepared_free (Prepared *prepared)
{
  if (prepared == NULL)
    return;
  g_clear_object (&prepared->brief);
  for (guint i = 0; i < WD_N_PROMPTS; i++)
    g_free (prepared->templates[i]);
  g_free (prepared->related);
  g_clear_pointer (&prepared->builtin, wd_builtin_draft_free);
  g_free (prepared);
}

static void
reset_parts (WdDraftJob *self)
{
  for (guint i = 0; i < WD_N_DRAFT_PARTS; i++)
    {
      Part *part = &self->parts[i];

      part->state = WD_DRAFT_PART_WAITING;
      g_string_truncate (part->text, 0);
      g_string_truncate (part->reasoning, 0);
      g_clear_pointer (&part->note, g_free);
    }
}

static void
wd_draft_job_finalize (GObject *object)
{
  WdDraftJob *self = WD_DRAFT_JOB (object);

  g_clear_object (&self->context);
  g_clear_object (&self->backend);
  for (guint i = 0; i < WD_N_DRAFT_PARTS; i++)
    {
      g_clear_object (&self->backends[i]);
      g_free (self->backend_names[i]);
    }
  g_free (self->backend_request);
  g_free (self->instruction);
  g_free (self->backend_name);
  g_free (self->model);
  g_free (self->nonce);
  g_free (self->error_message);
  prepared_free (self->prepared);
  for (guint i = 0; i < WD_N_DRAFT_PARTS; i++)
    {
      g_string_free (self->parts[i].text, TRUE);
      g_string_free (self->parts[i].reasoning, TRUE);
      g_free (self->parts[i].note);
    }

  G_OBJECT_CLASS (wd_draft_job_parent_class)->finalize (object);
}

static void
wd_draft_job_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WdDraftJob *self = WD_DRAFT_JOB (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_draft_job_class_init (WdDraftJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wd_draft_job_finalize;
  object_class->get_property = wd_draft_job_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, WD_DRAFT_JOB_WAITING, WD_DRAFT_JOB_CANCELLED,
                      WD_DRAFT_JOB_WAITING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WdDraftJob::part-started:
   * @part: the WdDraftPart
   */
  signals[PART_STARTED] =
    g_signal_new ("part-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * WdDraftJob::delta:
   * @part: the WdDraftPart
   * @kind: a WdLlmDeltaKind
   * @text: the piece of text
   */
  signals[DELTA] =
    g_signal_new ("delta", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * WdDraftJob::part-finished:
   * @part: the WdDraftPart; its state, text and note are final
   */
  signals[PART_FINISHED] =
    g_signal_new ("part-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
wd_draft_job_init (WdDraftJob *self)
{
  self->parts_mask = WD_DRAFT_ALL_PARTS;
  for (guint i = 0; i < WD_N_DRAFT_PARTS; i++)
    {
      self->parts[i].text = g_string_new (NULL);
      self->parts[i].reasoning = g_string_new (NULL);
    }
}

/**
 * wd_draft_job_new:
 * @context: the archive and the configuration
 * @brief_id: the brief to draft
 *
 * Returns: (transfer full): a job drafting every part with the default
 *   backend; adjust it before running it
 */
WdDraftJob *
wd_draft_job_new (WdContext *context,
                  gint64     brief_id)
{
  WdDraftJob *self;

  g_return_val_if_fail (WD_IS_CONTEXT (context), NULL);

  self = g_object_new (WD_TYPE_DRAFT_JOB, NULL);
  self->context = g_object_ref (context);
  self->brief_id = brief_id;
  return self;
}

/**
 * wd_draft_job_set_parts:
 * @self: a #WdDraftJob
 * @parts: the parts to draft, as WD_DRAFT_PART_MASK() bits
 */
void
wd_draft_job_set_parts (WdDraftJob *self,
                        guint       parts)
{
  g_return_if_fail (WD_IS_DRAFT_JOB (self));
  g_return_if_fail (!self->running);

  self->parts_mask = parts & WD_DRAFT_ALL_PARTS;
}

/**
 * wd_draft_job_set_backend:
 * @self: a #WdDraftJob
 * @name: (nullable): a `[backend NAME]` of the configuration, or %NULL for
 *   `[defaults] backend=`, else the builtin engine
 */
void
wd_draft_job_set_backend (WdDraftJob *self,
                          const char *name)
{
  g_return_if_fail (WD_IS_DRAFT_JOB (self));
  g_return_if_fail (!self->running);

  g_free (self->backend_request);
  self->backend_request = g_strdup (name);
}

/**
 * wd_draft_job_set_instruction:
 * @self: a #WdDraftJob
 * @instruction: (nullable): what the editor asks of this draft ("shorter",
 *   "more skeptical"), added after the template's task
 */
void
wd_draft_job_set_instruction (WdDraftJob *self,
                              const char *instruction)
{
  g_return_if_fail (WD_IS_DRAFT_JOB (self));
  g_return_if_fail (!self->running);

  g_free (self->instruction);
  self->instruction = instruction != NULL && *instruction != '\0' ? g_strdup (instruction)
                                                                  : NULL;
}

/**
 * wd_draft_job_set_force:
 * @self: a #WdDraftJob
 * @force: whether to draft parts that hold the editor's text (their text
 *   stays in the history)
 */
void
wd_draft_job_set_force (WdDraftJob *self,
                        gboolean    force)
{
  g_return_if_fail (WD_IS_DRAFT_JOB (self));
  g_return_if_fail (!self->running);

  self->force = !!force;
}

/**
 * wd_draft_job_set_empty_only:
 * @self: a #WdDraftJob
 * @empty_only: whether to skip every part that holds text already (the
 *   app's Draft: it drafts what is empty)
 */
void
wd_draft_job_set_empty_only (WdDraftJob *self,
                             gboolean    empty_only)
{
  g_return_if_fail (WD_IS_DRAFT_JOB (self));
  g_return_if_fail (!self->running);

  self->empty_only = !!empty_only;
}

/* Preparing, in a worker thread */

static WdStore *
store_of (WdDraftJob *self)
{
  return wd_context_get_store (self->context);
}

/* "- [[brief:12]] Title — Publisher, 2026-03-01: snippet" per hit, or a
 * line saying there is none. */
static char *
format_related (GPtrArray *hits)
{
  GString *out = g_string_new (NULL);

  if (hits == NULL || hits->len == 0)
    return g_string_free (g_string_append (out, "(none)"), FALSE);

  for (guint i = 0; i < hits->len; i++)
    {
      WdRelatedHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *date = hit->date != NULL ? g_date_time_format (hit->date, "%Y-%m-%d")
                                                : NULL;

      g_string_append_printf (out, "- [[brief:%" G_GINT64_FORMAT "]] %s", hit->brief_id,
                              hit->title != NULL ? hit->title : "");
      if (hit->publisher != NULL || date != NULL)
        g_string_append_printf (out, " — %s%s%s", hit->publisher != NULL ? hit->publisher : "",
                                hit->publisher != NULL && date != NULL ? ", " : "",
                                date != NULL ? date : "");
      if (hit->snippet != NULL && *hit->snippet != '\0')
        g_string_append_printf (out, ": %s", hit->snippet);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  WdStore  *store;
  gint64    brief_id;
  guint     parts;
  gboolean  builtin;      /* some part drafts with the builtin engine */
  guint     model_parts;  /* the parts a language model drafts */
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_clear_object (&data->store);
  g_free (data);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  Prepared *prepared = g_new0 (Prepared, 1);
  g_autoptr(WdPolicy) policy = NULL;
  GError *error = NULL;
  WdSource *source;
  const char *domain;

  prepared->brief = wd_store_load_brief (data->store, data->brief_id, &error);
  if (prepared->brief == NULL)
    goto failed;

  source = wd_brief_get_source (prepared->brief);
  domain = source != NULL ? wd_source_get_publisher_domain (source) : NULL;
  prepared->policy = WD_POLICY_SUMMARIZE;
  prepared->max_quote_words = WD_POLICY_DEFAULT_MAX_QUOTE_WORDS;
  if (domain != NULL)
    {
      policy = wd_store_get_policy (data->store, domain, &error);
      if (error != NULL)
        goto failed;
      if (policy != NULL)
        {
          prepared->policy = policy->kind;
          if (policy->max_quote_words >= 0)
            prepared->max_quote_words = policy->max_quote_words;
        }
    }
  /* Nothing of an excluded publisher goes anywhere. */
  if (prepared->policy == WD_POLICY_EXCLUDED)
    {
      error = g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_EXCLUDED,
                           _("%s asked not to be summarized (policy: excluded); this brief "
                             "is not drafted."), domain);
      goto failed;
    }

  if (data->builtin)
    {
      prepared->builtin = wd_builtin_draft (data->store, data->brief_id, &error);
      if (prepared->builtin == NULL)
        goto failed;
    }
  if (data->model_parts != 0)
    {
      g_autoptr(GPtrArray) hits = NULL;

      prepared->templates[WD_PROMPT_SYSTEM] =
        wd_prompt_load (data->store, WD_PROMPT_SYSTEM, &prepared->versions[WD_PROMPT_SYSTEM],
                        &error);
      if (prepared->templates[WD_PROMPT_SYSTEM] == NULL)
        goto failed;
      for (guint part = 0; part < WD_N_DRAFT_PARTS; part++)
        {
          WdPromptKind kind = part_prompts[part];

          if (!(data->model_parts & WD_DRAFT_PART_MASK (part)))
            continue;
          prepared->templates[kind] = wd_prompt_load (data->store, kind,
                                                      &prepared->versions[kind], &error);
          if (prepared->templates[kind] == NULL)
            goto failed;
        }
      if (data->model_parts & WD_DRAFT_PART_MASK (WD_DRAFT_PART_CONTEXT))
        {
          hits = wd_related_find (data->store, data->brief_id, WD_RELATED_DEFAULT_LIMIT,
                                  WD_RELATED_DEFAULT_FLOOR, &error);
          if (hits == NULL)
            goto failed;
          prepared->related = format_related (hits);
        }
    }

  g_task_return_pointer (task, prepared, (GDestroyNotify) prepared_free);
  return;

failed:
  prepared_free (prepared);
  g_task_return_error (task, error);
}

/* Running */

static void
set_state (WdDraftJob      *self,
           WdDraftJobState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
finish_job (WdDraftJob *self,
            GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  self->running = FALSE;
  g_clear_pointer (&self->error_message, g_free);
  if (error != NULL)
    self->error_message = g_strdup (error->message);
  if (error == NULL)
    set_state (self, WD_DRAFT_JOB_DONE);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, WD_DRAFT_JOB_CANCELLED);
  else
    set_state (self, WD_DRAFT_JOB_FAILED);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_part (WdDraftJob       *self,
          WdDraftPart       part,
          WdDraftPartState  state,
          const char       *note)
{
  self->parts[part].state = state;
  g_free (self->parts[part].note);
  self->parts[part].note = g_strdup (note);
}

static void
emit_finished (WdDraftJob  *self,
               WdDraftPart  part)
{
  g_signal_emit (self, signals[PART_FINISHED], 0, (guint) part);
}

/* The text of a section of the brief as loaded. */
static const char *
section_text (WdBrief       *brief,
              WdSectionKind  kind)
{
  WdSection *section = wd_brief_get_section (brief, kind);

  return section != NULL ? wd_section_get_text (section) : "";
}

static gboolean
has_text (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return TRUE;
  return FALSE;
}

/* Whether @part holds text the editor wrote: a section whose current
 * revision is the editor's, or a headline (which keeps no history). */
static gboolean
holds_editor_text (WdBrief     *brief,
                   WdDraftPart  part)
{
  if (IS_SECTION (part))
    {
      WdSection *section = wd_brief_get_section (brief, (WdSectionKind) part);

      return section != NULL && has_text (wd_section_get_text (section)) &&
             wd_section_get_origin (section) == WD_ORIGIN_EDITOR;
    }
  if (part == WD_DRAFT_PART_HEADLINE)
    return has_text (wd_brief_get_headline (brief));
  return FALSE;
}

static gboolean
holds_text (WdBrief     *brief,
            WdDraftPart  part)
{
  if (IS_SECTION (part))
    return has_text (section_text (brief, (WdSectionKind) part));
  if (part == WD_DRAFT_PART_HEADLINE)
    return has_text (wd_brief_get_headline (brief));
  return FALSE;
}

/* Refuses to start when a part to draft holds the editor's text and the
 * caller did not say --force. */
static gboolean
check_editor_text (WdDraftJob  *self,
                   GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *list = NULL;
  guint n;

  if (self->force || self->empty_only)
    return TRUE;
  for (guint part = 0; part < WD_N_DRAFT_PARTS; part++)
    if ((self->parts_mask & WD_DRAFT_PART_MASK (part)) &&
        holds_editor_text (self->prepared->brief, part))
      g_ptr_array_add (names, (gpointer) part_label (part));
  if (names->len == 0)
    return TRUE;

  n = names->len;
  g_ptr_array_add (names, NULL);
  /* Translators: the separator of a list of parts, "the summary, the headline" */
  list = g_strjoinv (_(", "), (char **) names->pdata);
  g_set_error (error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_EDITED,
               /* Translators: %s lists parts of a brief, like "the summary, the headline" */
               ngettext ("Not drafted: %s of this brief holds the editor’s own text; draft "
                         "again with --force to replace it (a section’s earlier text stays in "
                         "its history).",
                         "Not drafted: %s of this brief hold the editor’s own text; draft again "
                         "with --force to replace it (a section’s earlier text stays in its "
                         "history).", n),
               list);
  return FALSE;
}

/* Saving, in a worker thread */

typedef struct {
  WdStore        *store;
  gint64          brief_id;
  WdDraftPart     part;
  char           *text;
  char           *backend;
  char           *model;
  WdRevisionInfo  info;
  GPtrArray      *mentions;   /* of WdMentionSuggestion, for MENTIONS */
  char           *publisher;  /* the publisher, always a mention */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->store);
  g_free (data->text);
  g_free (data->backend);
  g_free (data->model);
  g_clear_pointer (&data->mentions, g_ptr_array_unref);
  g_free (data->publisher);
  g_free (data);
}

static gboolean
save_mentions (SaveData  *data,
               GError   **error)
{
  if (data->publisher != NULL && *data->publisher != '\0')
    {
      g_autoptr(WdMention) publisher = wd_store_ensure_mention (data->store, data->publisher,
                                                                WD_MENTION_PUBLICATION, error);

      if (publisher == NULL ||
          !wd_store_attach_mention (data->store, data->brief_id,
                                    wd_mention_get_id (publisher), WD_ORIGIN_AI, error))
        return FALSE;
    }
  for (guint i = 0; data->mentions != NULL && i < data->mentions->len; i++)
    {
      WdMentionSuggestion *s = g_ptr_array_index (data->mentions, i);

      if (g_strcmp0 (s->name, data->publisher) == 0)
        continue;
      if (!wd_store_suggest_mention (data->store, data->brief_id, s->name, s->kind, s->reason,
                                     NULL, error))
        return FALSE;
    }
  return TRUE;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(WdBrief) brief = NULL;
  GError *error = NULL;
  gboolean saved;

  if (IS_SECTION (data->part))
    {
      data->info.backend = data->backend;
      data->info.model = data->model;
      saved = wd_store_add_revision (data->store, data->brief_id, (WdSectionKind) data->part,
                                     data->text, &data->info, &error) != 0;
    }
  else if (data->part == WD_DRAFT_PART_HEADLINE)
    saved = wd_store_set_headline (data->store, data->brief_id, data->text, &error);
  else
    saved = save_mentions (data, &error);

  /* A brief that has a draft is no longer in the Inbox. */
  if (saved && data->part != WD_DRAFT_PART_MENTIONS)
    {
      brief = wd_store_load_brief (data->store, data->brief_id, &error);
      saved = brief != NULL;
      if (saved && wd_brief_get_status (brief) == WD_BRIEF_STATUS_INBOX)
        saved = wd_store_set_status (data->store, data->brief_id, WD_BRIEF_STATUS_DRAFT,
                                     &error);
    }

  if (saved)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

typedef struct {
  WdDraftJob *job;
  GError     *error;   /* the part's own error, reported after the save */
} SaveWait;

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveWait *wait = user_data;
  g_autoptr(WdDraftJob) self = wait->job;
  g_autoptr(GError) part_error = wait->error;
  g_autoptr(GError) error = NULL;
  WdDraftPart part = self->current;

  g_free (wait);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      set_part (self, part, WD_DRAFT_PART_FAILED, error->message);
      emit_finished (self, part);
      finish_job (self, g_steal_pointer (&error));
      return;
    }

  if (part_error != NULL)
    {
      WdDraftPartState state = g_error_matches (part_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                               ? WD_DRAFT_PART_CANCELLED : WD_DRAFT_PART_FAILED;

      set_part (self, part, state, part_error->message);
      emit_finished (self, part);
      finish_job (self, g_steal_pointer (&part_error));
      return;
    }

  set_part (self, part, WD_DRAFT_PART_DONE, NULL);
  emit_finished (self, part);
  self->current++;
  run_next_part (self);
}

/* Saves @text for the current part, then goes on (or reports
 * @part_error, which it takes). */
static void
save_part (WdDraftJob           *self,
           const char           *text,
           const WdRevisionInfo *info,
           GPtrArray            *mentions,
           GError               *part_error)
{
  SaveData *data = g_new0 (SaveData, 1);
  SaveWait *wait = g_new0 (SaveWait, 1);
  WdSource *source = wd_brief_get_source (self->prepared->brief);
  GTask *task;

  data->store = g_object_ref (store_of (self));
  data->brief_id = self->brief_id;
  data->part = self->current;
  data->text = g_strdup (text);
  data->backend = g_strdup (self->backend_name);
  data->model = g_strdup (self->model);
  if (info != NULL)
    data->info = *info;
  data->info.origin = WD_ORIGIN_AI;
  data->mentions = mentions != NULL ? g_ptr_array_ref (mentions) : NULL;
  if (source != NULL)
    data->publisher = g_strdup (wd_source_get_publisher_name (source));

  wait->job = g_object_ref (self);
  wait->error = part_error;
  /* No cancellable: what arrived before a Stop is kept. */
  task = g_task_new (self, NULL, on_saved, wait);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
  g_object_unref (task);
}

/* The builtin engine */

/* Why the builtin engine leaves @part alone, or NULL when it drafts it. */
static const char *
builtin_skip_note (WdDraftJob  *self,
                   WdDraftPart  part)
{
  WdBuiltinDraft *draft = self->prepared->builtin;

  switch (part)
    {
    case WD_DRAFT_PART_SUMMARY:
      if (draft->summary == NULL || draft->summary->text == NULL)
        return _("The source has no sentences to build a summary from.");
      return NULL;

    case WD_DRAFT_PART_CONTEXT:
    case WD_DRAFT_PART_MENTIONS:
      return NULL;

    case WD_DRAFT_PART_ANALYST_TAKE:
    case WD_DRAFT_PART_WATCH:
      return wd_builtin_section_note ((WdSectionKind) part);

    case WD_DRAFT_PART_HEADLINE:
    case WD_N_DRAFT_PARTS:
    default:
      return _("The builtin engine writes no headline; a language model or the editor "
               "does.");
    }
}

/* "kind: name" a line, as a model is asked to answer. */
static char *
format_mentions (GPtrArray *mentions)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; mentions != NULL && i < mentions->len; i++)
    {
      WdMentionSuggestion *s = g_ptr_array_index (mentions, i);

      g_string_append_printf (out, "%s: %s\n", wd_mention_kind_to_string (s->kind), s->name);
    }
  return g_string_free (out, FALSE);
}

static void
run_builtin_part (WdDraftJob  *self,
                  WdDraftPart  part)
{
  WdBuiltinDraft *draft = self->prepared->builtin;
  WdRevisionInfo info = { WD_ORIGIN_AI, NULL, NULL, 0, -1, -1, -1, -1, FALSE };
  g_autofree char *listed = NULL;
  const char *text;

  if (part == WD_DRAFT_PART_MENTIONS)
    text = listed = format_mentions (draft->mentions);
  else if (part == WD_DRAFT_PART_SUMMARY)
    text = draft->summary->text;
  else
    text = draft->context;

  g_string_assign (self->parts[part].text, text);
  if (*text != '\0')
    g_signal_emit (self, signals[DELTA], 0, (guint) part, (guint) WD_LLM_DELTA_TEXT, text);
  if (part == WD_DRAFT_PART_MENTIONS)
    save_part (self, NULL, NULL, draft->mentions, NULL);
  else
    save_part (self, text, &info, NULL, NULL);
}

/* A language model */

static void
on_delta (WdLlmDeltaKind  kind,
          const char     *delta,
          gpointer        user_data)
{
  WdDraftJob *self = user_data;
  Part *part = &self->parts[self->current];

  switch (kind)
    {
    case WD_LLM_DELTA_TEXT:
      g_string_append (part->text, delta);
      break;

    case WD_LLM_DELTA_REASONING:
      g_string_append (part->reasoning, delta);
      break;

    case WD_LLM_DELTA_TEXT_TO_REASONING:
    default:
      g_string_append (part->reasoning, part->text->str);
      g_string_truncate (part->text, 0);
      break;
    }
  g_signal_emit (self, signals[DELTA], 0, (guint) self->current, (guint) kind, delta);
}

/* One line, without Markdown heading or emphasis marks, quotes or a final
 * period. */
static char *
clean_headline (const char *text)
{
  static const char * const wrappers[] = { "#", "*", "_", "\"", "'", "“", "”", "‘", "’", " " };
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      gboolean changed = TRUE;

      while (changed && *line != '\0')
        {
          gsize length = strlen (line);

          changed = FALSE;
          for (guint w = 0; w < G_N_ELEMENTS (wrappers); w++)
            {
              gsize n = strlen (wrappers[w]);

              if (g_str_has_prefix (line, wrappers[w]))
                {
                  line += n;
                  length -= n;
                  changed = TRUE;
                }
              if (length >= n && strcmp (line + length - n, wrappers[w]) == 0)
                {
                  line[length - n] = '\0';
                  length -= n;
                  changed = TRUE;
                }
            }
          if (length > 0 && line[length - 1] == '.' &&
              !(length > 1 && line[length - 2] == '.'))
            {
              line[length - 1] = '\0';
              changed = TRUE;
            }
        }
      if (*line != '\0')
        return g_strdup (line);
    }
  return g_strdup ("");
}

/* The JSON schema of the mentions answer, for backends that take one. */
static const char mentions_schema[] =
  "{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"mentions\"],"
  " \"properties\": {\"mentions\": {\"type\": \"array\", \"items\": {"
  "  \"type\": \"object\", \"additionalProperties\": false, \"required\": [\"name\", \"kind\"],"
  "  \"properties\": {\"name\": {\"type\": \"string\"},"
  "   \"kind\": {\"type\": \"string\", \"enum\": [\"publication\", \"organization\","
  "    \"person\", \"product\", \"topic\", \"place\"]}}}}}}";

static void
add_suggestion (GPtrArray  *list,
                const char *name,
                const char *kind_name)
{
  g_autofree char *kind_copy = NULL;
  g_autofree char *kind_folded = NULL;
  g_autofree char *clean = NULL;
  WdMentionSuggestion *s;
  WdMentionKind kind;

  if (name == NULL || kind_name == NULL || list->len >= 10)
    return;
  kind_copy = g_strdup (kind_name);
  kind_folded = g_ascii_strdown (g_strstrip (kind_copy), -1);
  if (!wd_mention_kind_from_string (kind_folded, &kind))
    return;
  clean = g_strstrip (g_strdelimit (g_strdup (name), "`*", ' '));
  if (*clean == '\0' || g_utf8_strlen (clean, -1) > 80)
    return;
  for (guint i = 0; i < list->len; i++)
    if (g_utf8_collate (((WdMentionSuggestion *) g_ptr_array_index (list, i))->name, clean) == 0)
      return;
  s = g_new0 (WdMentionSuggestion, 1);
  s->name = g_steal_pointer (&clean);
  s->kind = kind;
  s->reason = g_strdup (_("Suggested by the language model"));
  g_ptr_array_add (list, s);
}

/* The JSON inside @text: a fenced block's content, else from the first
 * bracket to the last; NULL when there is none that parses. */
static JsonNode *
find_json (const char *text)
{
  g_autofree char *body = NULL;
  const char *fence = strstr (text, "```");
  const char *start, *end_object, *end_array, *end;

  if (fence != NULL)
    {
      const char *open = strchr (fence, '\n');
      const char *close = open != NULL ? strstr (open, "```") : NULL;

      if (open != NULL && close != NULL)
        body = g_strndup (open + 1, close - open - 1);
    }
  if (body == NULL)
    body = g_strdup (text);

  start = strpbrk (body, "{[");
  end_object = strrchr (body, '}');
  end_array = strrchr (body, ']');
  end = end_object > end_array ? end_object : end_array;
  if (start == NULL || end == NULL || end < start)
    return NULL;
  {
    g_autofree char *json = g_strndup (start, end - start + 1);

    return json_from_string (json, NULL);
  }
}

/* The model's mentions: the JSON the prompt asks for ({"mentions": [...]}
 * or a bare array; fenced or with words around it), else "kind: name"
 * lines, which small models fall back to. Entries of another shape are
 * left out. */
static GPtrArray *
parse_mentions (const char *text)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_mention_suggestion_free);
  g_autoptr(JsonNode) root = find_json (text);
  JsonArray *array = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *member = json_object_get_member (json_node_get_object (root), "mentions");

      if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
        array = json_node_get_array (member);
    }
  else if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    array = json_node_get_array (root);

  if (array != NULL)
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *object;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          object = json_node_get_object (element);
          add_suggestion (list, json_object_get_string_member_with_default (object, "name", NULL),
                          json_object_get_string_member_with_default (object, "kind", NULL));
        }
      return list;
    }

  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        char *line = g_strstrip (lines[i]);
        char *colon;

        while (*line == '-' || *line == '*' || *line == '`' || g_ascii_isdigit (*line) ||
               *line == '.' || *line == ')' || *line == ' ')
          line++;
        colon = strchr (line, ':');
        if (colon == NULL)
          continue;
        *colon = '\0';
        add_suggestion (list, colon + 1, line);
      }
  }
  return list;
}

static void
on_chat_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WdDraftJob) self = user_data;
  g_autoptr(WdLlmResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  WdDraftPart part = self->current;
  WdRevisionInfo info = { WD_ORIGIN_AI, NULL, NULL, 0, -1, -1, -1, -1, FALSE };
  gboolean finished;

  finished = wd_llm_backend_chat_finish (WD_LLM_BACKEND (object), result, &response, &error);

  if (response != NULL)
    {
      if (response->model != NULL && g_strcmp0 (response->model, self->model) != 0)
        {
          g_free (self->model);
          self->model = g_strdup (response->model);
        }
      if (response->prompt_tokens > 0)
        self->prompt_tokens += response->prompt_tokens;
      if (response->completion_tokens > 0)
        self->completion_tokens += response->completion_tokens;
      info.prompt_tokens = response->prompt_tokens > 0 ? (int) response->prompt_tokens : -1;
      info.completion_tokens = response->completion_tokens > 0
                               ? (int) response->completion_tokens : -1;
      info.ttft_ms = response->time_to_first_token >= 0
                     ? (int) (response->time_to_first_token / 1000) : -1;
      info.duration_ms = (int) (response->duration / 1000);
      /* The text as the decoder settled it (reasoning moved out). */
      g_string_assign (self->parts[part].text, response->text != NULL ? response->text : "");
      if (response->reasoning != NULL)
        g_string_assign (self->parts[part].reasoning, response->reasoning);
    }
  info.template_version = self->prepared->versions[part_prompts[part]];
  info.incomplete = !finished;

  text = g_strstrip (g_strdup (self->parts[part].text->str));
  if (!finished && (*text == '\0' || !IS_SECTION (part)))
    {
      /* Nothing to keep (or a headline or mention list cut short, which
       * would mislead): the part failed and the job stops. */
      set_part (self, part, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                            ? WD_DRAFT_PART_CANCELLED : WD_DRAFT_PART_FAILED,
                error->message);
      emit_finished (self, part);
      finish_job (self, g_steal_pointer (&error));
      return;
    }
  if (finished && *text == '\0')
    {
      g_autoptr(GError) empty = g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_EMPTY,
                                             _("%s answered with no text for %s; try again "
                                               "or use another backend."),
                                             self->backend_name, part_label (part));

      set_part (self, part, WD_DRAFT_PART_FAILED, empty->message);
      emit_finished (self, part);
      finish_job (self, g_steal_pointer (&empty));
      return;
    }

  if (part == WD_DRAFT_PART_HEADLINE)
    {
      g_autofree char *headline = clean_headline (text);

      g_string_assign (self->parts[part].text, headline);
      save_part (self, headline, &info, NULL, NULL);
    }
  else if (part == WD_DRAFT_PART_MENTIONS)
    {
      g_autoptr(GPtrArray) mentions = parse_mentions (text);

      save_part (self, NULL, NULL, mentions, NULL);
    }
  else
    /* A cut-off section is saved, marked incomplete, and the job then
     * reports why it stopped. */
    save_part (self, text, &info, NULL, finished ? NULL : g_steal_pointer (&error));
}

/* {{policy}}: what the publisher allows, in the words of an instruction. */
static char *
policy_text (Prepared *prepared)
{
  if (prepared->policy == WD_POLICY_LINK_ONLY)
    return g_strdup ("The publisher allows links only: do not restate or quote the article; "
                     "stay general and point readers to the original.");
  if (prepared->max_quote_words == 0)
    return g_strdup ("Do not quote the article.");
  return g_strdup_printf ("Quote at most %d words of the article, always inside quotation "
                          "marks.", prepared->max_quote_words);
}

static void
run_model_part (WdDraftJob  *self,
                WdDraftPart  part)
{
  Prepared *prepared = self->prepared;
  WdSource *source = wd_brief_get_source (prepared->brief);
  WdPromptKind kind = part_prompts[part];
  g_autofree char *policy = policy_text (prepared);
  g_autofree char *system = NULL;
  g_autofree char *user = NULL;
  g_autoptr(WdLlmRequest) request = NULL;
  const char *summary;
  WdPromptVars vars = { 0 };

  /* The summary drafted just now, else the brief's own. */
  if (self->parts[WD_DRAFT_PART_SUMMARY].state == WD_DRAFT_PART_DONE)
    summary = self->parts[WD_DRAFT_PART_SUMMARY].text->str;
  else
    summary = section_text (prepared->brief, WD_SECTION_SUMMARY);

  vars.title = source != NULL ? wd_source_get_title (source) : NULL;
  vars.publisher = source != NULL ? wd_source_get_publisher_name (source) : NULL;
  vars.source_text = source != NULL ? wd_source_get_text (source) : NULL;
  vars.summary = has_text (summary) ? summary : "(none yet)";
  vars.related = prepared->related;
  vars.policy = policy;
  vars.target_words = wd_prompt_default_target_words (kind);

  system = wd_prompt_render (prepared->templates[WD_PROMPT_SYSTEM], &vars, self->nonce);
  user = wd_prompt_render (prepared->templates[kind], &vars, self->nonce);
  if (self->instruction != NULL)
    {
      /* The editor's words are instructions, so they stay outside the
       * source markers. */
      g_autofree char *with = g_strdup_printf ("%s\nThe editor asks for this draft: %s\n",
                                               user, self->instruction);

      g_free (user);
      user = g_steal_pointer (&with);
    }

  request = wd_llm_request_new (system);
  wd_llm_request_add_message (request, WD_LLM_ROLE_USER, user);
  if (part == WD_DRAFT_PART_MENTIONS && wd_llm_backend_get_structured_output (self->backend))
    wd_llm_request_set_schema (request, "mentions", mentions_schema);
  wd_llm_backend_chat_async (self->backend, request, on_delta, self,
                             g_task_get_cancellable (self->task), on_chat_done,
                             g_object_ref (self));
}

static void
run_next_part (WdDraftJob *self)
{
  Prepared *prepared = self->prepared;

  for (; self->current < WD_N_DRAFT_PARTS; self->current++)
    {
      WdDraftPart part = self->current;
      GCancellable *cancellable = g_task_get_cancellable (self->task);

      if (!(self->parts_mask & WD_DRAFT_PART_MASK (part)))
        continue;

      if (g_cancellable_is_cancelled (cancellable))
        {
          GError *error = NULL;

          g_cancellable_set_error_if_cancelled (cancellable, &error);
          finish_job (self, error);
          return;
        }

      use_part_backend (self, part);
      if (self->empty_only && holds_text (prepared->brief, part))
        {
          set_part (self, part, WD_DRAFT_PART_SKIPPED, _("It holds text already."));
          emit_finished (self, part);
          continue;
        }
      if (part == WD_DRAFT_PART_SUMMARY && prepared->policy == WD_POLICY_LINK_ONLY)
        {
          set_part (self, part, WD_DRAFT_PART_SKIPPED,
                    _("The publisher allows links only (policy: link-only), so there is no "
                      "summary to draft."));
          emit_finished (self, part);
          continue;
        }
      if (self->backend == NULL && builtin_skip_note (self, part) != NULL)
        {
          set_part (self, part, WD_DRAFT_PART_SKIPPED, builtin_skip_note (self, part));
          emit_finished (self, part);
          continue;
        }

      set_part (self, part, WD_DRAFT_PART_RUNNING, NULL);
      g_string_truncate (self->parts[part].text, 0);
      g_string_truncate (self->parts[part].reasoning, 0);
      g_signal_emit (self, signals[PART_STARTED], 0, (guint) part);
      if (self->backend == NULL)
        run_builtin_part (self, part);
      else
        run_model_part (self, part);
      return;
    }

  finish_job (self, NULL);
}

static void
on_prepared (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  WdDraftJob *self = WD_DRAFT_JOB (object);
  GError *error = NULL;

  self->prepared = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->prepared == NULL || !check_editor_text (self, &error))
    {
      finish_job (self, error);
      return;
    }
  self->current = 0;
  run_next_part (self);
}

/**
 * wd_draft_resolve_backend:
 * @config: the configuration
 * @requested: (nullable): the backend asked for
 *
 * Returns: (transfer full): the backend a draft uses: @requested, else
 *   `[defaults] backend=`, else "builtin"
 */
char *
wd_draft_resolve_backend (WdConfig   *config,
                          const char *requested)
{
  char *name;

  if (requested != NULL)
    return g_strdup (requested);
  name = wd_config_dup_default (config, "backend");
  return name != NULL ? name : g_strdup ("builtin");
}

/* The backend that drafts @part: the one asked for, else [defaults]
 * backend-PART=, else backend=, else "builtin". */
static char *
resolve_part_backend (WdConfig    *config,
                      const char  *requested,
                      WdDraftPart  part)
{
  g_autofree char *key = NULL;
  char *name;

  if (requested != NULL)
    return g_strdup (requested);
  key = g_strconcat ("backend-", part_names[part], NULL);
  name = g_key_file_get_string (wd_config_get_key_file (config), "defaults", key, NULL);
  if (name != NULL && *g_strstrip (name) != '\0')
    return name;
  g_free (name);
  return wd_draft_resolve_backend (config, NULL);
}

/* Makes the backends the job drafts with, one per part (shared between
 * parts that name the same group). */
static gboolean
resolve_backends (WdDraftJob  *self,
                  GError     **error)
{
  WdConfig *config = wd_context_get_config (self->context);
  g_autoptr(GHashTable) made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      g_object_unref);

  for (guint part = 0; part < WD_N_DRAFT_PARTS; part++)
    {
      g_autofree char *name = NULL;
      WdLlmBackend *backend;

      if (!(self->parts_mask & WD_DRAFT_PART_MASK (part)))
        continue;
      name = resolve_part_backend (config, self->backend_request, part);
      self->backend_names[part] = g_strdup (name);
      if (g_str_equal (name, "builtin"))
        continue;
      backend = g_hash_table_lookup (made, name);
      if (backend == NULL)
        {
          backend = wd_llm_backend_new_from_config (config, name, error);
          if (backend == NULL)
            return FALSE;
          g_hash_table_insert (made, g_strdup (name), backend);
        }
      /* A [backend NAME] of kind builtin is the engine too. */
      if (wd_llm_backend_is_http (backend))
        self->backends[part] = g_object_ref (backend);
    }
  return TRUE;
}

/* Makes @part's backend the current one. */
static void
use_part_backend (WdDraftJob  *self,
                  WdDraftPart  part)
{
  g_set_object (&self->backend, self->backends[part]);
  g_free (self->backend_name);
  self->backend_name = g_strdup (self->backend_names[part]);
  g_free (self->model);
  self->model = g_strdup (self->backend != NULL ? wd_llm_backend_get_model (self->backend)
                                                : "extractive");
}

/**
 * wd_draft_job_run_async:
 * @self: a #WdDraftJob
 * @cancellable: (nullable): Stop: a part being drafted keeps what arrived
 * @callback: called when the job ends
 * @user_data: data for @callback
 *
 * Drafts the parts. Runs once per job.
 */
void
wd_draft_job_run_async (WdDraftJob          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) prepare = NULL;
  GError *error = NULL;
  PrepareData *data;

  g_return_if_fail (WD_IS_DRAFT_JOB (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, wd_draft_job_run_async);
  /* A Stop still reports the part's own sentence. */
  g_task_set_check_cancellable (self->task, FALSE);
  self->running = TRUE;
  set_state (self, WD_DRAFT_JOB_RUNNING);
  reset_parts (self);
  g_clear_pointer (&self->prepared, prepared_free);
  g_clear_object (&self->backend);
  g_clear_pointer (&self->backend_name, g_free);
  g_clear_pointer (&self->model, g_free);
  for (guint i = 0; i < WD_N_DRAFT_PARTS; i++)
    {
      g_clear_object (&self->backends[i]);
      g_clear_pointer (&self->backend_names[i], g_free);
    }
  g_free (self->nonce);
  self->nonce = wd_prompt_new_nonce ();

  if (!resolve_backends (self, &error))
    {
      finish_job (self, error);
      return;
    }

  data = g_new0 (PrepareData, 1);
  data->store = g_object_ref (store_of (self));
  data->brief_id = self->brief_id;
  data->parts = self->parts_mask;
  for (guint part = 0; part < WD_N_DRAFT_PARTS; part++)
    {
      if (!(self->parts_mask & WD_DRAFT_PART_MASK (part)))
        continue;
      if (self->backends[part] != NULL)
        data->model_parts |= WD_DRAFT_PART_MASK (part);
      else
        data->builtin = TRUE;
    }
  /* What the job is named by until a part starts: its first part's. */
  for (guint part = 0; part < WD_N_DRAFT_PARTS; part++)
    if (self->parts_mask & WD_DRAFT_PART_MASK (part))
      {
        use_part_backend (self, part);
        break;
      }
  prepare = g_task_new (self, cancellable, on_prepared, NULL);
  g_task_set_task_data (prepare, data, (GDestroyNotify) prepare_data_free);
  g_task_run_in_thread (prepare, prepare_thread);
}

/**
 * wd_draft_job_run_finish:
 * @self: a #WdDraftJob
 * @result: the result given to the callback
 * @error: return location for a #WD_DRAFT_ERROR, #WD_STORE_ERROR,
 *   #WD_CONFIG_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE when every part asked for was drafted or skipped (the
 *   part states say which)
 */
gboolean
wd_draft_job_run_finish (WdDraftJob    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * wd_draft_job_cancel_unstarted:
 * @self: a #WdDraftJob
 *
 * Marks a job that never ran as cancelled, so a queue can drop it; a
 * running job is stopped through its cancellable instead.
 *
 * Returns: %TRUE when the job had not started and is now cancelled
 */
gboolean
wd_draft_job_cancel_unstarted (WdDraftJob *self)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), FALSE);

  if (self->state != WD_DRAFT_JOB_WAITING || self->running)
    return FALSE;
  g_free (self->error_message);
  self->error_message = g_strdup (_("Cancelled before it started."));
  set_state (self, WD_DRAFT_JOB_CANCELLED);
  return TRUE;
}

WdDraftJobState
wd_draft_job_get_state (WdDraftJob *self)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), WD_DRAFT_JOB_WAITING);

  return self->state;
}

/**
 * wd_draft_job_get_title:
 * @self: a #WdDraftJob
 *
 * Returns: (nullable): the brief's title (its headline, else its source's
 *   title) once the job has read the brief
 */
const char *
wd_draft_job_get_title (WdDraftJob *self)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), NULL);

  return self->prepared != NULL ? wd_brief_get_title (self->prepared->brief) : NULL;
}

/**
 * wd_draft_job_get_error_message:
 * @self: a #WdDraftJob
 *
 * Returns: (nullable): why the job failed or stopped, one sentence
 */
const char *
wd_draft_job_get_error_message (WdDraftJob *self)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), NULL);

  return self->error_message;
}

gint64
wd_draft_job_get_brief_id (WdDraftJob *self)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), 0);

  return self->brief_id;
}

/**
 * wd_draft_job_get_backend_name:
 * @self: a #WdDraftJob
 *
 * Returns: (nullable): the backend the job drafts with, once it runs
 */
const char *
wd_draft_job_get_backend_name (WdDraftJob *self)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), NULL);

  return self->backend_name;
}

/**
 * wd_draft_job_get_model:
 * @self: a #WdDraftJob
 *
 * Returns: (nullable): the model, as configured until the server names it
 */
const char *
wd_draft_job_get_model (WdDraftJob *self)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), NULL);

  return self->model;
}

WdDraftPartState
wd_draft_job_get_part_state (WdDraftJob  *self,
                             WdDraftPart  part)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), WD_DRAFT_PART_WAITING);
  g_return_val_if_fail (part < WD_N_DRAFT_PARTS, WD_DRAFT_PART_WAITING);

  return self->parts[part].state;
}

/**
 * wd_draft_job_get_part_text:
 * @self: a #WdDraftJob
 * @part: a part
 *
 * Returns: the text drafted for @part so far ("" for none)
 */
const char *
wd_draft_job_get_part_text (WdDraftJob  *self,
                            WdDraftPart  part)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), NULL);
  g_return_val_if_fail (part < WD_N_DRAFT_PARTS, NULL);

  return self->parts[part].text->str;
}

/**
 * wd_draft_job_get_part_reasoning:
 * @self: a #WdDraftJob
 * @part: a part
 *
 * Returns: the reasoning the model sent for @part ("" for none)
 */
const char *
wd_draft_job_get_part_reasoning (WdDraftJob  *self,
                                 WdDraftPart  part)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), NULL);
  g_return_val_if_fail (part < WD_N_DRAFT_PARTS, NULL);

  return self->parts[part].reasoning->str;
}

/**
 * wd_draft_job_get_part_note:
 * @self: a #WdDraftJob
 * @part: a part
 *
 * Returns: (nullable): why @part was skipped or failed
 */
const char *
wd_draft_job_get_part_note (WdDraftJob  *self,
                            WdDraftPart  part)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), NULL);
  g_return_val_if_fail (part < WD_N_DRAFT_PARTS, NULL);

  return self->parts[part].note;
}

/**
 * wd_draft_job_get_prompt_tokens:
 * @self: a #WdDraftJob
 *
 * Returns: the prompt tokens the server counted over the parts, 0 when it
 *   counted none
 */
gint64
wd_draft_job_get_prompt_tokens (WdDraftJob *self)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), 0);

  return self->prompt_tokens;
}

/**
 * wd_draft_job_get_completion_tokens:
 * @self: a #WdDraftJob
 *
 * Returns: the completion tokens the server counted over the parts
 */
gint64
wd_draft_job_get_completion_tokens (WdDraftJob *self)
{
  g_return_val_if_fail (WD_IS_DRAFT_JOB (self), 0);

  return self->completion_tokens;
}
