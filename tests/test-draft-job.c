/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-draft-job"

#include <string.h>

#include <json-glib/json-glib.h>

#include "draft/wd-builtin.h"
#include "draft/wd-draft-error.h"
#include "draft/wd-draft-job.h"
#include "draft/wd-draft-queue.h"
#include "wd-test-util.h"

/* Drafting a brief end to end: a real archive, and a SoupServer on
 * 127.0.0.1 speaking OpenAI's streaming Chat Completions. The fake model
 * answers by the task its prompt states, so each part gets its own text. */

#define ARTICLE \
  "The Harbour Board approved a plan on Thursday to electrify the quays where ferries " \
  "dock, so that ships can switch off their diesel engines while they load.\n\n" \
  "Residents of the old town have complained for years about smoke and noise, and a study " \
  "found that the air near the water was worse than along the busiest roads.\n\n" \
  "The first two berths will be connected next year, paid for by a levy of two euros on " \
  "every ticket, the Harbour Board said.\n\n" \
  "Anna Berg, who chairs the Harbour Board, said the levy would end once the work is paid " \
  "for. Anna Berg added that ferry operators had agreed to the plan."

typedef struct {
  WdTestServer *server;
  WdStore      *store;
  WdContext    *context;
  gint64        brief_id;
  GPtrArray    *prompts;      /* the user messages the server received */
  GPtrArray    *systems;
  GPtrArray    *bodies;       /* the request bodies, as sent */
  guint         stall;        /* answer the summary with one piece, then stall */
  gboolean      lines;        /* answer the mentions as "kind: name" lines */
  GString      *deltas;
  GCancellable *cancel_on_delta;
  char         *config_path;
} Fixture;

/* One SSE event of a chat.completion.chunk with @content, or the final
 * chunk (finish_reason) when @content is NULL. */
static void
append_chunk (GString    *out,
              const char *content,
              gboolean    finish)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "chat.completion.chunk");
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, "harbour-7b-q4");
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "delta");
  json_builder_begin_object (builder);
  if (content != NULL)
    {
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, content);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "finish_reason");
  if (finish)
    json_builder_add_string_value (builder, "stop");
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  g_string_append_printf (out, "data: %s\n\n", json);
}

/* The answer to a prompt, by the task the template states. */
static const char *
answer_for (const char *prompt)
{
  if (strstr (prompt, "Summarize what the article") != NULL)
    return "The Harbour Board will electrify two ferry berths next year, funded by a "
           "two-euro ticket levy, after years of complaints about smoke in the old town.";
  if (strstr (prompt, "analyst take") != NULL)
    return "The levy shifts the cost to passengers rather than the operators.";
  if (strstr (prompt, "context section") != NULL)
    return "The board first floated shore power last spring [[brief:1]].";
  if (strstr (prompt, "what to watch") != NULL)
    return "Whether the first two berths are connected by next year.";
  if (strstr (prompt, "headline") != NULL)
    return "# “Harbour Board to electrify ferry quays.”";
  if (strstr (prompt, "List who and what") != NULL)
    return "Here you are:\n```json\n{\"mentions\": [{\"name\": \"Harbour Board\", "
           "\"kind\": \"Organization\"}, {\"name\": \"Anna Berg\", \"kind\": \"person\"}, "
           "{\"name\": \"Nonsense\", \"kind\": \"vegetable\"}, {\"kind\": \"place\"}, "
           "{\"name\": \"Old Town\", \"kind\": \"place\"}]}\n```\n";
  return "?";
}

static void
handle_chat (WdTestServer      *server,
             SoupServerMessage *msg,
             const char        *path,
             gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  JsonArray *messages;
  const char *prompt = NULL;
  const char *answer;
  gsize length;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, &length),
                                             g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  messages = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      const char *role = json_object_get_string_member (message, "role");

      if (g_str_equal (role, "system"))
        g_ptr_array_add (f->systems, g_strdup (json_object_get_string_member (message,
                                                                              "content")));
      else if (g_str_equal (role, "user"))
        prompt = json_object_get_string_member (message, "content");
    }
  g_assert_nonnull (prompt);
  g_ptr_array_add (f->prompts, g_strdup (prompt));
  g_ptr_array_add (f->bodies, g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
  answer = answer_for (prompt);
  if (f->lines && strstr (prompt, "List who and what") != NULL)
    answer = "- person: Anna Berg\n- nonsense line\n- place: `Old Town`\n";

  if (f->stall && strstr (prompt, "Summarize what the article") != NULL)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      /* One piece, then nothing until the client gives up. */
      append_chunk (out, "The Harbour Board will", FALSE);
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                                out->str, out->len);
      return;
    }

  /* The answer in pieces of at most 12 bytes (whole characters), the
   * final chunk, the usage chunk, then [DONE]. */
  for (const char *p = answer; *p != '\0';)
    {
      const char *end = p;
      g_autofree char *piece = NULL;

      while (*end != '\0' && end - p < 12)
        end = g_utf8_next_char (end);
      piece = g_strndup (p, end - p);
      append_chunk (out, piece, FALSE);
      p = end;
    }
  append_chunk (out, NULL, TRUE);
  g_string_append (out, "data: {\"object\":\"chat.completion.chunk\",\"model\":\"harbour-7b-q4\","
                        "\"choices\":[],\"usage\":{\"prompt_tokens\":300,"
                        "\"completion_tokens\":20,\"total_tokens\":320}}\n\n"
                        "data: [DONE]\n\n");
  wd_test_server_respond (msg, 200, "text/event-stream", out->str, out->len);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdConfig) config = NULL;
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "wiredesk.conf", NULL);
  g_autofree char *contents = NULL;

  f->server = wd_test_server_new (NULL);
  wd_test_server_add_handler (f->server, "/v1/chat/completions", handle_chat, f);
  contents = g_strdup_printf ("[backend harbour]\nkind=openai\nbase-url=%s/v1\n"
                              "model=harbour-7b\nidle-timeout=5\n",
                              wd_test_server_get_base (f->server));
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  config = wd_config_load (path, &error);
  g_assert_no_error (error);
  f->config_path = g_strdup (path);
  g_setenv ("WIREDESK_SECRET_HARBOUR", "sk-harbour-test", TRUE);

  f->store = wd_test_open_store (NULL);
  f->context = wd_context_new (f->store, config);
  f->brief_id = wd_test_add_source (f->store, "Harbour quays to get shore power",
                                    "https://harbour.example/quays", "Harbour Post", ARTICLE);
  f->prompts = g_ptr_array_new_with_free_func (g_free);
  f->systems = g_ptr_array_new_with_free_func (g_free);
  f->bodies = g_ptr_array_new_with_free_func (g_free);
  f->deltas = g_string_new (NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, wd_test_server_free);
  g_ptr_array_unref (f->prompts);
  g_ptr_array_unref (f->systems);
  g_ptr_array_unref (f->bodies);
  g_string_free (f->deltas, TRUE);
  g_clear_object (&f->cancel_on_delta);
  g_free (f->config_path);
}

static void
on_delta (WdDraftJob *job,
          guint       part,
          guint       kind,
          const char *text,
          Fixture    *f)
{
  if (kind == WD_LLM_DELTA_TEXT)
    g_string_append (f->deltas, text);
  if (f->cancel_on_delta != NULL)
    g_cancellable_cancel (f->cancel_on_delta);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs @job to its end; FALSE with @error when it failed. */
static gboolean
run (Fixture       *f,
     WdDraftJob    *job,
     GCancellable  *cancellable,
     GError       **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  g_signal_connect (job, "delta", G_CALLBACK (on_delta), f);
  wd_draft_job_run_async (job, cancellable, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = wd_draft_job_run_finish (job, result, error);
  g_object_unref (result);
  return ok;
}

static WdBrief *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  WdBrief *brief = wd_store_load_brief (f->store, f->brief_id, &error);

  g_assert_no_error (error);
  return brief;
}

static WdRevision *
newest_revision (Fixture       *f,
                 WdSectionKind  kind,
                 guint         *out_n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = wd_store_list_revisions (f->store, f->brief_id, kind, &error);

  g_assert_no_error (error);
  if (out_n != NULL)
    *out_n = revisions->len;
  if (revisions->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (revisions, 0));
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

/* With nothing configured the builtin engine drafts: an extractive
 * summary, the context, the publisher as a mention; it leaves the analyst
 * take, what to watch and the headline to the editor, and says so. */
static void
test_builtin (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(WdConfig) empty = wd_config_new_empty ();
  g_autoptr(WdContext) context = wd_context_new (f->store, empty);
  g_autoptr(WdDraftJob) job = wd_draft_job_new (context, f->brief_id);
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(WdRevision) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  GListModel *mentions;
  gboolean publisher = FALSE;

  g_assert_true (run (f, job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wd_draft_job_get_backend_name (job), ==, "builtin");
  g_assert_cmpuint (wd_test_server_get_hits (f->server, NULL), ==, 0);

  g_assert_cmpint (wd_draft_job_get_part_state (job, WD_DRAFT_PART_SUMMARY), ==,
                   WD_DRAFT_PART_DONE);
  g_assert_cmpint (wd_draft_job_get_part_state (job, WD_DRAFT_PART_CONTEXT), ==,
                   WD_DRAFT_PART_DONE);
  for (guint part = 0; part < WD_N_DRAFT_PARTS; part++)
    if (part == WD_DRAFT_PART_ANALYST_TAKE || part == WD_DRAFT_PART_WATCH ||
        part == WD_DRAFT_PART_HEADLINE)
      {
        g_assert_cmpint (wd_draft_job_get_part_state (job, part), ==, WD_DRAFT_PART_SKIPPED);
        g_assert_nonnull (wd_draft_job_get_part_note (job, part));
      }

  brief = load (f);
  g_assert_cmpint (wd_brief_get_status (brief), ==, WD_BRIEF_STATUS_DRAFT);
  g_assert_nonnull (strstr (wd_section_get_text (wd_brief_get_section (brief,
                                                                        WD_SECTION_SUMMARY)),
                            WD_BUILTIN_MARKER));
  g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_WATCH)), ==, "");
  g_assert_cmpstr (wd_brief_get_headline (brief), ==, "");
  summary = newest_revision (f, WD_SECTION_SUMMARY, NULL);
  g_assert_cmpstr (wd_revision_get_backend (summary), ==, "builtin");
  g_assert_cmpint (wd_revision_get_origin (summary), ==, WD_ORIGIN_AI);
  /* What streamed is what was saved. */
  g_assert_nonnull (strstr (f->deltas->str, wd_revision_get_text (summary)));

  mentions = wd_brief_get_mentions (brief);
  for (guint i = 0; i < g_list_model_get_n_items (mentions); i++)
    {
      g_autoptr(WdMention) mention = g_list_model_get_item (mentions, i);

      publisher |= g_str_equal (wd_mention_get_name (mention), "Harbour Post");
    }
  g_assert_true (publisher);
  suggestions = wd_store_list_mention_suggestions (f->store, f->brief_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, >, 0);
}

/* A language model drafts every part in turn, streaming; each section is
 * a revision with its provenance; the headline is cleaned; mentions are
 * suggestions; the source sits inside one pair of markers. */
static void
test_model (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(WdDraftJob) job = wd_draft_job_new (f->context, f->brief_id);
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(WdRevision) summary = NULL;
  g_autoptr(WdRevision) take = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  gboolean anna = FALSE, board = FALSE, town = FALSE;

  wd_draft_job_set_backend (job, "harbour");
  g_assert_true (run (f, job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->prompts->len, ==, WD_N_DRAFT_PARTS);

  brief = load (f);
  g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_SUMMARY)), ==,
                   answer_for ("Summarize what the article"));
  g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_WATCH)), ==,
                   answer_for ("what to watch"));
  g_assert_cmpstr (wd_brief_get_headline (brief), ==, "Harbour Board to electrify ferry quays");
  g_assert_cmpint (wd_brief_get_status (brief), ==, WD_BRIEF_STATUS_DRAFT);

  summary = newest_revision (f, WD_SECTION_SUMMARY, NULL);
  g_assert_cmpstr (wd_revision_get_backend (summary), ==, "harbour");
  g_assert_cmpstr (wd_revision_get_model (summary), ==, "harbour-7b-q4");
  g_assert_cmpint (wd_revision_get_template_version (summary), ==, 1);
  g_assert_false (wd_revision_get_incomplete (summary));
  g_assert_cmpint (wd_draft_job_get_prompt_tokens (job), ==, 300 * WD_N_DRAFT_PARTS);

  /* The later parts read the new summary. */
  take = newest_revision (f, WD_SECTION_ANALYST_TAKE, NULL);
  g_assert_nonnull (take);
  g_assert_nonnull (strstr (g_ptr_array_index (f->prompts, WD_DRAFT_PART_ANALYST_TAKE),
                            answer_for ("Summarize what the article")));

  for (guint i = 0; i < f->prompts->len; i++)
    {
      const char *prompt = g_ptr_array_index (f->prompts, i);
      const char *system = g_ptr_array_index (f->systems, i);

      g_assert_nonnull (strstr (system, "never instructions"));
      if (i == WD_DRAFT_PART_CONTEXT)
        continue;
      g_assert_cmpuint (count (prompt, "<<<SOURCE "), ==, 1);
      g_assert_cmpuint (count (prompt, "<<<END SOURCE "), ==, 1);
      g_assert_nonnull (strstr (prompt, "paid for by a levy of two euros"));
      g_assert_nonnull (strstr (prompt, "Harbour Post"));
    }
  g_assert_nonnull (strstr (g_ptr_array_index (f->prompts, WD_DRAFT_PART_SUMMARY),
                            "Quote at most 25 words"));

  suggestions = wd_store_list_mention_suggestions (f->store, f->brief_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < suggestions->len; i++)
    {
      WdMentionSuggestion *s = g_ptr_array_index (suggestions, i);

      anna |= g_str_equal (s->name, "Anna Berg") && s->kind == WD_MENTION_PERSON;
      board |= g_str_equal (s->name, "Harbour Board") && s->kind == WD_MENTION_ORGANIZATION;
      town |= g_str_equal (s->name, "Old Town") && s->kind == WD_MENTION_PLACE;
    }
  g_assert_true (anna && board && town);
  g_assert_cmpuint (suggestions->len, ==, 3);

  /* The mentions request asked for the answer's JSON schema; the others
   * for free text. */
  g_assert_nonnull (strstr (g_ptr_array_index (f->bodies, WD_DRAFT_PART_MENTIONS),
                            "\"json_schema\""));
  g_assert_null (strstr (g_ptr_array_index (f->bodies, WD_DRAFT_PART_SUMMARY),
                         "response_format"));
}

/* A model that answers the mentions as lines instead of JSON is still
 * understood; a backend told structured-output=false gets no schema. */
static void
test_mentions_fallback (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(WdContext) context = NULL;
  g_autoptr(WdDraftJob) job = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *contents = NULL;

  contents = g_strdup_printf ("[backend harbour]\nkind=openai\nbase-url=%s/v1\n"
                              "model=harbour-7b\nstructured-output=false\n",
                              wd_test_server_get_base (f->server));
  g_file_set_contents (f->config_path, contents, -1, &error);
  g_assert_no_error (error);
  config = wd_config_load (f->config_path, &error);
  g_assert_no_error (error);
  context = wd_context_new (f->store, config);

  f->lines = TRUE;
  job = wd_draft_job_new (context, f->brief_id);
  wd_draft_job_set_backend (job, "harbour");
  wd_draft_job_set_parts (job, WD_DRAFT_PART_MASK (WD_DRAFT_PART_MENTIONS));
  g_assert_true (run (f, job, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (g_ptr_array_index (f->bodies, 0), "json_schema"));

  suggestions = wd_store_list_mention_suggestions (f->store, f->brief_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 2);
  g_assert_cmpstr (((WdMentionSuggestion *) g_ptr_array_index (suggestions, 0))->name, ==,
                   "Anna Berg");
  g_assert_cmpstr (((WdMentionSuggestion *) g_ptr_array_index (suggestions, 1))->name, ==,
                   "Old Town");
}

/* [defaults] backend-PART= picks the backend of one part: here the
 * summary comes from the model, the context from the builtin engine. */
static void
test_part_backends (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(WdContext) context = NULL;
  g_autoptr(WdDraftJob) job = NULL;
  g_autoptr(WdRevision) summary = NULL;
  g_autoptr(WdRevision) context_revision = NULL;
  g_autofree char *contents = NULL;

  contents = g_strdup_printf ("[defaults]\nbackend=builtin\nbackend-summary=harbour\n\n"
                              "[backend harbour]\nkind=openai\nbase-url=%s/v1\n"
                              "model=harbour-7b\n", wd_test_server_get_base (f->server));
  g_file_set_contents (f->config_path, contents, -1, &error);
  g_assert_no_error (error);
  config = wd_config_load (f->config_path, &error);
  g_assert_no_error (error);
  context = wd_context_new (f->store, config);

  job = wd_draft_job_new (context, f->brief_id);
  wd_draft_job_set_parts (job, WD_DRAFT_PART_MASK (WD_DRAFT_PART_SUMMARY) |
                               WD_DRAFT_PART_MASK (WD_DRAFT_PART_CONTEXT));
  g_assert_true (run (f, job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->prompts->len, ==, 1);

  summary = newest_revision (f, WD_SECTION_SUMMARY, NULL);
  context_revision = newest_revision (f, WD_SECTION_CONTEXT, NULL);
  g_assert_cmpstr (wd_revision_get_backend (summary), ==, "harbour");
  g_assert_cmpstr (wd_revision_get_backend (context_revision), ==, "builtin");
  g_assert_cmpstr (wd_revision_get_model (context_revision), ==, "extractive");
}

/* Parts holding the editor's text are not drafted over without --force,
 * and nothing is sent; with it, the editor's text stays in the history. */
static void
test_editor_text (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(WdDraftJob) job = wd_draft_job_new (f->context, f->brief_id);
  g_autoptr(WdDraftJob) forced = wd_draft_job_new (f->context, f->brief_id);
  g_autoptr(WdDraftJob) empty_only = wd_draft_job_new (f->context, f->brief_id);
  g_autoptr(WdRevision) newest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  guint n = 0;

  g_assert_cmpint (wd_store_add_revision (f->store, f->brief_id, WD_SECTION_SUMMARY,
                                          "My own summary.", NULL, &error), >, 0);
  g_assert_no_error (error);

  wd_draft_job_set_backend (job, "harbour");
  g_assert_false (run (f, job, NULL, &error));
  g_assert_error (error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_EDITED);
  g_assert_nonnull (strstr (error->message, "the summary"));
  g_assert_nonnull (strstr (error->message, "--force"));
  g_clear_error (&error);
  g_assert_cmpuint (wd_test_server_get_hits (f->server, NULL), ==, 0);

  /* Draft fills only what is empty. */
  wd_draft_job_set_backend (empty_only, "harbour");
  wd_draft_job_set_empty_only (empty_only, TRUE);
  wd_draft_job_set_parts (empty_only, WD_DRAFT_PART_MASK (WD_DRAFT_PART_SUMMARY) |
                                      WD_DRAFT_PART_MASK (WD_DRAFT_PART_WATCH));
  g_assert_true (run (f, empty_only, NULL, &error));
  g_assert_cmpint (wd_draft_job_get_part_state (empty_only, WD_DRAFT_PART_SUMMARY), ==,
                   WD_DRAFT_PART_SKIPPED);
  g_assert_cmpint (wd_draft_job_get_part_state (empty_only, WD_DRAFT_PART_WATCH), ==,
                   WD_DRAFT_PART_DONE);
  g_assert_cmpuint (wd_test_server_get_hits (f->server, NULL), ==, 1);

  wd_draft_job_set_backend (forced, "harbour");
  wd_draft_job_set_force (forced, TRUE);
  wd_draft_job_set_parts (forced, WD_DRAFT_PART_MASK (WD_DRAFT_PART_SUMMARY));
  g_assert_true (run (f, forced, NULL, &error));
  g_assert_no_error (error);
  newest = newest_revision (f, WD_SECTION_SUMMARY, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (wd_revision_get_origin (newest), ==, WD_ORIGIN_AI);
  history = wd_store_list_revisions (f->store, f->brief_id, WD_SECTION_SUMMARY, &error);
  g_assert_cmpstr (wd_revision_get_text (g_ptr_array_index (history, 1)), ==,
                   "My own summary.");
}

/* Link-only publishers get no summary; excluded ones reach no model. */
static void
test_policies (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(WdDraftJob) link_only = wd_draft_job_new (f->context, f->brief_id);
  g_autoptr(WdDraftJob) excluded = wd_draft_job_new (f->context, f->brief_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = NULL;

  g_assert_true (wd_store_set_policy (f->store, "harbour.example", WD_POLICY_LINK_ONLY, -1,
                                      NULL, &error));
  wd_draft_job_set_backend (link_only, "harbour");
  wd_draft_job_set_parts (link_only, WD_DRAFT_PART_MASK (WD_DRAFT_PART_SUMMARY) |
                                     WD_DRAFT_PART_MASK (WD_DRAFT_PART_WATCH));
  g_assert_true (run (f, link_only, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wd_draft_job_get_part_state (link_only, WD_DRAFT_PART_SUMMARY), ==,
                   WD_DRAFT_PART_SKIPPED);
  g_assert_nonnull (strstr (wd_draft_job_get_part_note (link_only, WD_DRAFT_PART_SUMMARY),
                            "link-only"));
  g_assert_cmpuint (f->prompts->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->prompts, 0), "links only"));
  brief = load (f);
  g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_SUMMARY)),
                   ==, "");

  g_assert_true (wd_store_set_policy (f->store, "harbour.example", WD_POLICY_EXCLUDED, -1,
                                      NULL, &error));
  wd_draft_job_set_backend (excluded, "harbour");
  g_assert_false (run (f, excluded, NULL, &error));
  g_assert_error (error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_EXCLUDED);
  g_assert_cmpuint (f->prompts->len, ==, 1);
}

/* Stop mid-stream: the text that arrived is kept as an incomplete
 * revision, and the job says it was cancelled. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(WdDraftJob) job = wd_draft_job_new (f->context, f->brief_id);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(WdRevision) partial = NULL;
  g_autoptr(GError) error = NULL;

  f->stall = TRUE;
  f->cancel_on_delta = g_object_ref (cancellable);
  wd_draft_job_set_backend (job, "harbour");
  g_assert_false (run (f, job, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (wd_draft_job_get_part_state (job, WD_DRAFT_PART_SUMMARY), ==,
                   WD_DRAFT_PART_CANCELLED);
  /* Nothing after the stopped part ran. */
  g_assert_cmpint (wd_draft_job_get_part_state (job, WD_DRAFT_PART_WATCH), ==,
                   WD_DRAFT_PART_WAITING);
  g_assert_cmpuint (f->prompts->len, ==, 1);

  partial = newest_revision (f, WD_SECTION_SUMMARY, NULL);
  g_assert_nonnull (partial);
  g_assert_cmpstr (wd_revision_get_text (partial), ==, "The Harbour Board will");
  g_assert_true (wd_revision_get_incomplete (partial));
}

/* Unknown briefs and backends fail with their own sentence. */
static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(WdDraftJob) missing = wd_draft_job_new (f->context, f->brief_id + 50);
  g_autoptr(WdDraftJob) unknown = wd_draft_job_new (f->context, f->brief_id);
  g_autoptr(GError) error = NULL;

  g_assert_false (run (f, missing, NULL, &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  wd_draft_job_set_backend (unknown, "nowhere");
  g_assert_false (run (f, unknown, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "nowhere"));
}

static void
on_batch_finished (WdDraftQueue *queue,
                   guint        *n)
{
  (*n)++;
}

static guint
stalled_requests (Fixture *f)
{
  return wd_test_server_get_hits (f->server, "/v1/chat/completions");
}

/* Several briefs: at most two drafts per backend at once; waiting and
 * running drafts can be cancelled; the batch sums itself up. */
static void
test_queue (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(WdDraftQueue) queue = wd_draft_queue_new (f->context);
  g_autoptr(WdConfig) empty = wd_config_new_empty ();
  g_autoptr(WdContext) builtin_context = wd_context_new (f->store, empty);
  g_autoptr(WdDraftQueue) builtin = wd_draft_queue_new (builtin_context);
  g_autofree char *summary = NULL;
  gint64 ids[3];
  WdDraftJob *jobs[3];
  guint n_batches = 0, n_builtin = 0;

  ids[0] = f->brief_id;
  ids[1] = wd_test_add_source (f->store, "Second", "https://harbour.example/2", "Harbour Post",
                               ARTICLE);
  ids[2] = wd_test_add_source (f->store, "Third", "https://harbour.example/3", "Harbour Post",
                               ARTICLE);
  g_signal_connect (queue, "batch-finished", G_CALLBACK (on_batch_finished), &n_batches);

  f->stall = TRUE;
  g_assert_cmpuint (wd_draft_queue_get_parallel (queue, "harbour"), ==, 2);
  for (guint i = 0; i < 3; i++)
    jobs[i] = wd_draft_queue_add (queue, ids[i], "harbour",
                                  WD_DRAFT_PART_MASK (WD_DRAFT_PART_SUMMARY),
                                  WD_DRAFT_FLAGS_NONE, NULL);
  g_assert_true (wd_draft_queue_get_busy (queue));
  while (stalled_requests (f) < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (wd_draft_queue_count (queue, WD_DRAFT_JOB_RUNNING), ==, 2);
  g_assert_cmpuint (wd_draft_queue_count (queue, WD_DRAFT_JOB_WAITING), ==, 1);
  g_assert_true (wd_draft_queue_find (queue, ids[2]) == jobs[2]);

  /* The waiting one goes at once and never reaches the server. */
  wd_draft_queue_cancel (queue, jobs[2]);
  g_assert_cmpint (wd_draft_job_get_state (jobs[2]), ==, WD_DRAFT_JOB_CANCELLED);
  wd_draft_queue_cancel_all (queue);
  while (n_batches == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_batches, ==, 1);
  g_assert_cmpuint (stalled_requests (f), ==, 2);
  summary = wd_draft_queue_dup_summary (queue);
  g_assert_cmpstr (summary, ==, "3 cancelled");
  g_assert_nonnull (wd_draft_job_get_error_message (jobs[0]));

  /* The builtin engine drafts all three. */
  g_signal_connect (builtin, "batch-finished", G_CALLBACK (on_batch_finished), &n_builtin);
  for (guint i = 0; i < 3; i++)
    wd_draft_queue_add (builtin, ids[i], NULL, WD_DRAFT_PART_MASK (WD_DRAFT_PART_SUMMARY),
                        WD_DRAFT_FLAGS_NONE, NULL);
  while (n_builtin == 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&summary, g_free);
  summary = wd_draft_queue_dup_summary (builtin);
  g_assert_cmpstr (summary, ==, "3 drafted");
  wd_draft_queue_clear_finished (builtin);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (builtin)), ==, 0);
}

/* wiredesk-cli draft: the brief on stdout as it streams, notes on stderr. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  const char *cli = g_getenv ("WIREDESK_CLI");
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->brief_id);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { cli, "--config", f->config_path, "--db", wd_store_get_path (f->store),
                         "draft", id, NULL, NULL, NULL };
  int status = 0;

  g_assert_nonnull (cli);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("wiredesk-cli draft failed: %s", err);
  g_assert_true (g_str_has_prefix (out, "## Summary\n\n"));
  g_assert_nonnull (strstr (out, WD_BUILTIN_MARKER));
  g_assert_nonnull (strstr (out, "## Context"));
  g_assert_nonnull (strstr (err, "What to watch: not drafted:"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  argv[7] = "--section";
  argv[8] = "verdict";
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "“verdict” is not a part of a brief"));
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

#define ADD(path, func) \
  g_test_add ("/draft-job/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("builtin", test_builtin);
  ADD ("model", test_model);
  ADD ("mentions-fallback", test_mentions_fallback);
  ADD ("part-backends", test_part_backends);
  ADD ("editor-text", test_editor_text);
  ADD ("policies", test_policies);
  ADD ("cancel", test_cancel);
  ADD ("errors", test_errors);
  ADD ("queue", test_queue);
  ADD ("cli", test_cli);
#undef ADD

  return g_test_run ();
}
