#!/usr/bin/env node
import { saveMain } from '../dist/src/wrappers.js';
process.exitCode = saveMain();
