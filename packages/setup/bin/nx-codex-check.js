#!/usr/bin/env node
'use strict';
// The package's bin: a committed, executable launcher. npm links bins before the workspace's
// `prepare` builds dist/, so a bin pointing into dist/ is never linked on a fresh clone. This
// file is always there.
require('../dist/bin/nx-codex-check.js');
