/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* Every target turns GLib warnings and criticals into an abort() so that
 * libFuzzer reports them as crashes; fuzz-common.c defines
 * LLVMFuzzerInitialize to do that. */
int LLVMFuzzerInitialize (int *argc, char ***argv);
