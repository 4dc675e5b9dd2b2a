
use builtin;
use str;

set edit:completion:arg-completer[escrot] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'escrot'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'escrot'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create an environment'
            cand ls 'List environments'
            cand get 'Show an environment''s definition or its statically checked values'
            cand open 'Open an environment and print its values'
            cand run 'Open an environment and run a command with its variables and files'
            cand set 'Set a value in an environment'
            cand rm 'Remove an environment, or a value from one'
            cand edit 'Edit an environment''s definition in an editor'
            cand diff 'Show the differences between two revisions'
            cand version 'Revisions of an environment: list them, or restore one'
            cand rotate 'Rotate the secrets of an environment'
            cand rotation 'The rotation log of an environment'
            cand schedule 'Rotation schedules: when `escrot rotate --due` rotates an environment'
            cand webhook 'Webhooks: rotation events sent to a URL (an on-call tool, a Slack channel)'
            cand check 'Validate environments statically, for CI'
            cand completion 'Print a shell completion script'
            cand store 'Manage the store itself: migrate its schema, copy it to another store, its key'
            cand jwks 'Print the public keys (JWKS) that fn::rotate::external adapters verify escrot''s requests with'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;init'= {
            cand -f 'Read the definition from this YAML file (`-` for standard input)'
            cand --file 'Read the definition from this YAML file (`-` for standard input)'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --if-not-exists 'Succeed without changing anything when the environment already exists (for scripts)'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;ls'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;get'= {
            cand --value 'Print only the value, in this format'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --definition 'Print only the YAML definition (of the whole environment, or of the sub-tree at PATH)'
            cand --show-secrets 'Print secret values in plaintext'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;open'= {
            cand -f 'The output format (`dotenv` and `shell` print the `environmentVariables`)'
            cand --format 'The output format (`dotenv` and `shell` print the `environmentVariables`)'
            cand --oidc-token-file 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions'' token service)'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --show-secrets 'Print secret values in plaintext'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;run'= {
            cand --oidc-token-file 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions'' token service)'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -i 'The command is interactive: give it the terminal, without filtering secrets from its output'
            cand --interactive 'The command is interactive: give it the terminal, without filtering secrets from its output'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;set'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --secret 'Store the value as a secret (`fn::secret`, encrypted with the store key)'
            cand --string 'Take VALUE as a string as it is, without reading it as YAML'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;rm'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -y 'Remove the environment without asking'
            cand --yes 'Remove the environment without asking'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;edit'= {
            cand --editor 'The editor command to run (the file name is appended) [default: $VISUAL, $EDITOR, vi]'
            cand --resume 'Go on with an edit that could not be saved, from the file escrot kept it in (it is saved onto the revision it was made on, and the file is removed once saved)'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;diff'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --show-secrets 'Show secret values in plaintext'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;version'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand history 'List the revisions of an environment, newest first'
            cand rollback 'Restore an older revision of an environment'
            cand tag 'Name a revision with a tag, list the tags, or remove one'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;version;history'= {
            cand -o 'How to print the revisions'
            cand --output 'How to print the revisions'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;version;rollback'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --include-rotation-state 'Restore the old `fn::rotate` states too (their credentials may already be retired)'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;version;tag'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --list 'List the environment''s tags'
            cand --delete 'Remove the tag'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;version;help'= {
            cand history 'List the revisions of an environment, newest first'
            cand rollback 'Restore an older revision of an environment'
            cand tag 'Name a revision with a tag, list the tags, or remove one'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;version;help;history'= {
        }
        &'escrot;version;help;rollback'= {
        }
        &'escrot;version;help;tag'= {
        }
        &'escrot;version;help;help'= {
        }
        &'escrot;rotate'= {
            cand --file 'Rotate the environment in this YAML file (written back in place) instead of the store'
            cand -o 'How to print the result'
            cand --output 'How to print the result'
            cand --concurrency 'How many rotators run at once (with --due, also how many schedules)'
            cand --lock-timeout 'How long to wait for another rotation of the same environment (or file) to finish before giving up with exit status 1 (`30s`, `10m`, `1h`, or seconds)'
            cand --limit 'With --due: rotate at most N schedules in this run'
            cand --lease 'With --due: how long a claimed schedule stays this runner''s without it renewing its claim (it renews every third of that while a rotation runs); a runner that dies is taken over after it (ESCROT_LEASE) [default: 15m]'
            cand --oidc-token-file 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions'' token service)'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --dry-run 'Show the plan and the state diff; change nothing'
            cand --show-secrets 'Show secret values in the dry-run diff'
            cand --due 'Rotate what the schedules say is due now (`escrot schedule`), instead of NAME; run it every minute or so. Any number of runners may share a store: each due occurrence is rotated by exactly one'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;rotation'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand history 'List the rotations of an environment, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;rotation;history'= {
            cand -o 'How to print the log'
            cand --output 'How to print the log'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;rotation;help'= {
            cand history 'List the rotations of an environment, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;rotation;help;history'= {
        }
        &'escrot;rotation;help;help'= {
        }
        &'escrot;schedule'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand new 'Create a rotation schedule'
            cand ls 'List rotation schedules'
            cand list 'List rotation schedules'
            cand get 'Show a rotation schedule: its recurrence, next due time, last run and failures'
            cand edit 'Change a rotation schedule'
            cand pause 'Pause a rotation schedule: `rotate --due` skips it until it is resumed'
            cand resume 'Resume a paused rotation schedule (occurrences passed meanwhile run once, or are recorded as missed when past their window)'
            cand rm 'Remove a rotation schedule'
            cand remove 'Remove a rotation schedule'
            cand history 'The runs of an environment''s schedules, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;schedule;new'= {
            cand --cron 'A cron pattern in the standard 5-field dialect: minute hour day-of-month month day-of-week (`0 3 * * *`, `*/30 * * * 1-5`), read in --tz'
            cand --every 'A fixed interval, counted from when the schedule is set (`30m`, `12h`, `7d`, `1h30m`; at least 1m)'
            cand --once 'Once, at this RFC 3339 time in the future (`2026-01-02T03:04:05Z`, `…+02:00`)'
            cand --window 'How late an occurrence may still start (`15m`, `1h`); later, it is missed [default: no limit]'
            cand --tz 'The IANA time zone the cron pattern is read in (`Europe/Berlin`) [default: UTC]'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;schedule;ls'= {
            cand -o 'How to print the schedules'
            cand --output 'How to print the schedules'
            cand --count 'Show at most N (all if 0 or unset)'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --utc 'Show times in UTC: they always are; accepted for scripts written for `esc`'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;schedule;list'= {
            cand -o 'How to print the schedules'
            cand --output 'How to print the schedules'
            cand --count 'Show at most N (all if 0 or unset)'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --utc 'Show times in UTC: they always are; accepted for scripts written for `esc`'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;schedule;get'= {
            cand -o 'How to print the schedule'
            cand --output 'How to print the schedule'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;schedule;edit'= {
            cand --cron 'A new cron pattern (5 fields), read in --tz'
            cand --every 'A new fixed interval (`30m`, `12h`, `7d`), counted from now'
            cand --once 'A new one-off time (RFC 3339, in the future)'
            cand --window 'How late an occurrence may still start'
            cand --tz 'The IANA time zone the cron pattern is read in'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --all-paths 'Rotate every `fn::rotate` of the environment'
            cand --no-window 'Let occurrences start however late'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;schedule;pause'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;schedule;resume'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;schedule;rm'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -y 'Remove it without asking'
            cand --yes 'Remove it without asking'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;schedule;remove'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -y 'Remove it without asking'
            cand --yes 'Remove it without asking'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;schedule;history'= {
            cand -o 'How to print the runs'
            cand --output 'How to print the runs'
            cand --count 'Show at most N (all if 0 or unset)'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --utc 'Show times in UTC: they always are; accepted for scripts written for `esc`'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;schedule;help'= {
            cand new 'Create a rotation schedule'
            cand ls 'List rotation schedules'
            cand get 'Show a rotation schedule: its recurrence, next due time, last run and failures'
            cand edit 'Change a rotation schedule'
            cand pause 'Pause a rotation schedule: `rotate --due` skips it until it is resumed'
            cand resume 'Resume a paused rotation schedule (occurrences passed meanwhile run once, or are recorded as missed when past their window)'
            cand rm 'Remove a rotation schedule'
            cand history 'The runs of an environment''s schedules, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;schedule;help;new'= {
        }
        &'escrot;schedule;help;ls'= {
        }
        &'escrot;schedule;help;get'= {
        }
        &'escrot;schedule;help;edit'= {
        }
        &'escrot;schedule;help;pause'= {
        }
        &'escrot;schedule;help;resume'= {
        }
        &'escrot;schedule;help;rm'= {
        }
        &'escrot;schedule;help;history'= {
        }
        &'escrot;schedule;help;help'= {
        }
        &'escrot;webhook'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand new 'Create a webhook'
            cand ls 'List webhooks'
            cand list 'List webhooks'
            cand get 'Show a webhook (never its secret)'
            cand rm 'Remove a webhook and its deliveries'
            cand remove 'Remove a webhook and its deliveries'
            cand ping 'Send a webhook a `ping` event now'
            cand deliveries 'List a webhook''s deliveries, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;webhook;new'= {
            cand --url 'Where events are POSTed'
            cand --format 'How events are sent'
            cand --event 'The events to send, comma-separated: rotation-succeeded, rotation-failed, revision-created [default: all three]'
            cand -o 'How to print the new webhook'
            cand --output 'How to print the new webhook'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --secret-from-stdin 'Read the signing secret from standard input (its first line) instead of making one'
            cand --show-secrets 'Print the secret escrot makes (without --secret-from-stdin, it is shown only with this flag, and only now)'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;webhook;ls'= {
            cand -o 'How to print the webhooks'
            cand --output 'How to print the webhooks'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;webhook;list'= {
            cand -o 'How to print the webhooks'
            cand --output 'How to print the webhooks'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;webhook;get'= {
            cand -o 'How to print the webhook'
            cand --output 'How to print the webhook'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;webhook;rm'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -y 'Do not ask for confirmation (needed when standard input is not a terminal)'
            cand --yes 'Do not ask for confirmation (needed when standard input is not a terminal)'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;webhook;remove'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -y 'Do not ask for confirmation (needed when standard input is not a terminal)'
            cand --yes 'Do not ask for confirmation (needed when standard input is not a terminal)'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;webhook;ping'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;webhook;deliveries'= {
            cand -o 'How to print the deliveries'
            cand --output 'How to print the deliveries'
            cand --count 'Show at most N (all if 0 or unset)'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --utc 'Show times in UTC: they always are; accepted for scripts written for `esc`'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;webhook;help'= {
            cand new 'Create a webhook'
            cand ls 'List webhooks'
            cand get 'Show a webhook (never its secret)'
            cand rm 'Remove a webhook and its deliveries'
            cand ping 'Send a webhook a `ping` event now'
            cand deliveries 'List a webhook''s deliveries, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;webhook;help;new'= {
        }
        &'escrot;webhook;help;ls'= {
        }
        &'escrot;webhook;help;get'= {
        }
        &'escrot;webhook;help;rm'= {
        }
        &'escrot;webhook;help;ping'= {
        }
        &'escrot;webhook;help;deliveries'= {
        }
        &'escrot;webhook;help;help'= {
        }
        &'escrot;check'= {
            cand -f 'How to print diagnostics'
            cand --format 'How to print diagnostics'
            cand --oidc-token-file 'A file holding the OIDC token for `aws-login` with `oidc` (re-read on every open; wins over ESCROT_OIDC_TOKEN, ESCROT_OIDC_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE and GitHub Actions'' token service)'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --live 'Also check each rotator against its cloud, changing nothing (for aws-iam: the login works, the user exists and has room for a new key)'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;completion'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;store'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand migrate 'Apply the store''s schema migrations and print its schema version'
            cand copy 'Copy every environment, with its history, to another store'
            cand key 'The store key: wrap it with AWS KMS, rotate it, show where it comes from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;store;migrate'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;store;copy'= {
            cand --from 'The store to copy: `sqlite:PATH` or `postgres://USER@HOST:PORT/DATABASE`'
            cand --to 'The store to copy into (empty, or not created yet)'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;store;key'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand wrap 'Wrap the store key with an AWS KMS key (kms:Encrypt and kms:Decrypt)'
            cand rotate 'Rotate the wrapping key (--kms ARN) or the data key (no flag)'
            cand status 'Show where the store key comes from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;store;key;wrap'= {
            cand --kms 'The KMS key: its ARN (recommended: it names the region), key id or alias'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;store;key;rotate'= {
            cand --kms 'Wrap the data key with this KMS key instead of replacing the data key'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;store;key;status'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;store;key;help'= {
            cand wrap 'Wrap the store key with an AWS KMS key (kms:Encrypt and kms:Decrypt)'
            cand rotate 'Rotate the wrapping key (--kms ARN) or the data key (no flag)'
            cand status 'Show where the store key comes from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;store;key;help;wrap'= {
        }
        &'escrot;store;key;help;rotate'= {
        }
        &'escrot;store;key;help;status'= {
        }
        &'escrot;store;key;help;help'= {
        }
        &'escrot;store;help'= {
            cand migrate 'Apply the store''s schema migrations and print its schema version'
            cand copy 'Copy every environment, with its history, to another store'
            cand key 'The store key: wrap it with AWS KMS, rotate it, show where it comes from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;store;help;migrate'= {
        }
        &'escrot;store;help;copy'= {
        }
        &'escrot;store;help;key'= {
            cand wrap 'Wrap the store key with an AWS KMS key (kms:Encrypt and kms:Decrypt)'
            cand rotate 'Rotate the wrapping key (--kms ARN) or the data key (no flag)'
            cand status 'Show where the store key comes from'
        }
        &'escrot;store;help;key;wrap'= {
        }
        &'escrot;store;help;key;rotate'= {
        }
        &'escrot;store;help;key;status'= {
        }
        &'escrot;store;help;help'= {
        }
        &'escrot;jwks'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List the signing keys: kid, state (current or retired), when created and retired'
            cand list 'List the signing keys: kid, state (current or retired), when created and retired'
            cand rotate 'Make a new current signing key; the old one stays in the JWKS, retired'
            cand drop 'Remove a retired signing key from the JWKS'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;jwks;ls'= {
            cand -o 'How to print the list'
            cand --output 'How to print the list'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;jwks;list'= {
            cand -o 'How to print the list'
            cand --output 'How to print the list'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;jwks;rotate'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;jwks;drop'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?sslmode=…` (the PG* variables fill what the URL omits) [default: an SQLite database in the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand --verbose 'Log what escrot does to stderr: -v each rotation step and cloud call with its duration, -vv debug events, -vvv trace events (ESCROT_LOG, a RUST_LOG-style filter, replaces these levels)'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;jwks;help'= {
            cand ls 'List the signing keys: kid, state (current or retired), when created and retired'
            cand rotate 'Make a new current signing key; the old one stays in the JWKS, retired'
            cand drop 'Remove a retired signing key from the JWKS'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;jwks;help;ls'= {
        }
        &'escrot;jwks;help;rotate'= {
        }
        &'escrot;jwks;help;drop'= {
        }
        &'escrot;jwks;help;help'= {
        }
        &'escrot;help'= {
            cand init 'Create an environment'
            cand ls 'List environments'
            cand get 'Show an environment''s definition or its statically checked values'
            cand open 'Open an environment and print its values'
            cand run 'Open an environment and run a command with its variables and files'
            cand set 'Set a value in an environment'
            cand rm 'Remove an environment, or a value from one'
            cand edit 'Edit an environment''s definition in an editor'
            cand diff 'Show the differences between two revisions'
            cand version 'Revisions of an environment: list them, or restore one'
            cand rotate 'Rotate the secrets of an environment'
            cand rotation 'The rotation log of an environment'
            cand schedule 'Rotation schedules: when `escrot rotate --due` rotates an environment'
            cand webhook 'Webhooks: rotation events sent to a URL (an on-call tool, a Slack channel)'
            cand check 'Validate environments statically, for CI'
            cand completion 'Print a shell completion script'
            cand store 'Manage the store itself: migrate its schema, copy it to another store, its key'
            cand jwks 'Print the public keys (JWKS) that fn::rotate::external adapters verify escrot''s requests with'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;help;init'= {
        }
        &'escrot;help;ls'= {
        }
        &'escrot;help;get'= {
        }
        &'escrot;help;open'= {
        }
        &'escrot;help;run'= {
        }
        &'escrot;help;set'= {
        }
        &'escrot;help;rm'= {
        }
        &'escrot;help;edit'= {
        }
        &'escrot;help;diff'= {
        }
        &'escrot;help;version'= {
            cand history 'List the revisions of an environment, newest first'
            cand rollback 'Restore an older revision of an environment'
            cand tag 'Name a revision with a tag, list the tags, or remove one'
        }
        &'escrot;help;version;history'= {
        }
        &'escrot;help;version;rollback'= {
        }
        &'escrot;help;version;tag'= {
        }
        &'escrot;help;rotate'= {
        }
        &'escrot;help;rotation'= {
            cand history 'List the rotations of an environment, newest first'
        }
        &'escrot;help;rotation;history'= {
        }
        &'escrot;help;schedule'= {
            cand new 'Create a rotation schedule'
            cand ls 'List rotation schedules'
            cand get 'Show a rotation schedule: its recurrence, next due time, last run and failures'
            cand edit 'Change a rotation schedule'
            cand pause 'Pause a rotation schedule: `rotate --due` skips it until it is resumed'
            cand resume 'Resume a paused rotation schedule (occurrences passed meanwhile run once, or are recorded as missed when past their window)'
            cand rm 'Remove a rotation schedule'
            cand history 'The runs of an environment''s schedules, newest first'
        }
        &'escrot;help;schedule;new'= {
        }
        &'escrot;help;schedule;ls'= {
        }
        &'escrot;help;schedule;get'= {
        }
        &'escrot;help;schedule;edit'= {
        }
        &'escrot;help;schedule;pause'= {
        }
        &'escrot;help;schedule;resume'= {
        }
        &'escrot;help;schedule;rm'= {
        }
        &'escrot;help;schedule;history'= {
        }
        &'escrot;help;webhook'= {
            cand new 'Create a webhook'
            cand ls 'List webhooks'
            cand get 'Show a webhook (never its secret)'
            cand rm 'Remove a webhook and its deliveries'
            cand ping 'Send a webhook a `ping` event now'
            cand deliveries 'List a webhook''s deliveries, newest first'
        }
        &'escrot;help;webhook;new'= {
        }
        &'escrot;help;webhook;ls'= {
        }
        &'escrot;help;webhook;get'= {
        }
        &'escrot;help;webhook;rm'= {
        }
        &'escrot;help;webhook;ping'= {
        }
        &'escrot;help;webhook;deliveries'= {
        }
        &'escrot;help;check'= {
        }
        &'escrot;help;completion'= {
        }
        &'escrot;help;store'= {
            cand migrate 'Apply the store''s schema migrations and print its schema version'
            cand copy 'Copy every environment, with its history, to another store'
            cand key 'The store key: wrap it with AWS KMS, rotate it, show where it comes from'
        }
        &'escrot;help;store;migrate'= {
        }
        &'escrot;help;store;copy'= {
        }
        &'escrot;help;store;key'= {
            cand wrap 'Wrap the store key with an AWS KMS key (kms:Encrypt and kms:Decrypt)'
            cand rotate 'Rotate the wrapping key (--kms ARN) or the data key (no flag)'
            cand status 'Show where the store key comes from'
        }
        &'escrot;help;store;key;wrap'= {
        }
        &'escrot;help;store;key;rotate'= {
        }
        &'escrot;help;store;key;status'= {
        }
        &'escrot;help;jwks'= {
            cand ls 'List the signing keys: kid, state (current or retired), when created and retired'
            cand rotate 'Make a new current signing key; the old one stays in the JWKS, retired'
            cand drop 'Remove a retired signing key from the JWKS'
        }
        &'escrot;help;jwks;ls'= {
        }
        &'escrot;help;jwks;rotate'= {
        }
        &'escrot;help;jwks;drop'= {
        }
        &'escrot;help;help'= {
        }
    ]
    $completions[$command]
}
