#!/usr/bin/env bash
# npm run format: rewrites the project's sources in place with clang-format (C++) and Prettier
# (JavaScript, TypeScript); npm test checks the same files (scripts/lib.sh check_format).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_modules
cxx_sources | xargs clang-format -i
node node_modules/prettier/bin/prettier.cjs --write --log-level warn '**/*.{js,mjs,ts}'
