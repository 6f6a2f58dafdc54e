/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The one header the front ends and tests include. */
#include "store/wd-types.h"
#include "store/wd-source.h"
#include "store/wd-section.h"
#include "store/wd-mention.h"
#include "store/wd-brief.h"
#include "store/wd-store.h"
#include "store/wd-brief-list.h"
#include "wd-config.h"
#include "wd-context.h"
