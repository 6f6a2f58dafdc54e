/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz"

#include <stdlib.h>

#include "fuzz-common.h"

/*
 * A critical or a warning is a bug the fuzzer should report as a crash.
 * GLib's own fatal path raises SIGTRAP, which libFuzzer does not catch, so
 * abort() here instead.
 */
static void
abort_on_warning (const char     *log_domain,
                  GLogLevelFlags  log_level,
                  const char     *message,
                  gpointer        user_data)
{
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    return;
  g_printerr ("%s: %s\n", log_domain != NULL ? log_domain : "?", message);
  abort ();
}

static GLogWriterOutput
abort_on_warning_structured (GLogLevelFlags   log_level,
                             const GLogField *fields,
                             gsize            n_fields,
                             gpointer         user_data)
{
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    return G_LOG_WRITER_HANDLED;
  g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  abort ();
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_default_handler (abort_on_warning, NULL);
  g_log_set_writer_func (abort_on_warning_structured, NULL, NULL);
  return 0;
}

