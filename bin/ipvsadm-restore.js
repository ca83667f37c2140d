#!/usr/bin/env node
import { restoreMain } from '../dist/src/wrappers.js';
process.exitCode = restoreMain();
