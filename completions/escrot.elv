
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
            cand --store 'Where environments live: `sqlite:PATH` [default: the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Print more about what escrot does (to stderr); repeat for more'
            cand --verbose 'Print more about what escrot does (to stderr); repeat for more'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Validate environment files statically, for CI'
            cand open 'Open an environment and print its values'
            cand get 'Show an environment''s definition or its statically checked values'
            cand completion 'Print a shell completion script'
            cand rotate 'Rotate the secrets of an environment'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;check'= {
            cand -f 'How to print diagnostics'
            cand --format 'How to print diagnostics'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` [default: the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Print more about what escrot does (to stderr); repeat for more'
            cand --verbose 'Print more about what escrot does (to stderr); repeat for more'
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
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` [default: the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --show-secrets 'Print secret values in plaintext'
            cand -v 'Print more about what escrot does (to stderr); repeat for more'
            cand --verbose 'Print more about what escrot does (to stderr); repeat for more'
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
            cand --store 'Where environments live: `sqlite:PATH` [default: the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --definition 'Print only the YAML definition (of the whole file, or of the sub-tree at PATH)'
            cand --show-secrets 'Print secret values in plaintext'
            cand -v 'Print more about what escrot does (to stderr); repeat for more'
            cand --verbose 'Print more about what escrot does (to stderr); repeat for more'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;completion'= {
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` [default: the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand -v 'Print more about what escrot does (to stderr); repeat for more'
            cand --verbose 'Print more about what escrot does (to stderr); repeat for more'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;rotate'= {
            cand --file 'Rotate the environment in this YAML file (written back in place) instead of the store'
            cand -o 'How to print the result'
            cand --output 'How to print the result'
            cand --concurrency 'How many rotators run at once'
            cand --color 'When to color the output (`auto` honours NO_COLOR and whether the output is a terminal)'
            cand --store 'Where environments live: `sqlite:PATH` [default: the user''s data directory]'
            cand --org 'The organization of environment names given as `project/env` [default: `default`]'
            cand --dry-run 'Show the plan and the state diff; change nothing'
            cand --show-secrets 'Show secret values in the dry-run diff'
            cand -v 'Print more about what escrot does (to stderr); repeat for more'
            cand --verbose 'Print more about what escrot does (to stderr); repeat for more'
            cand -q 'Print only data and errors: no summaries, notes or warnings'
            cand --quiet 'Print only data and errors: no summaries, notes or warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'escrot;help'= {
            cand check 'Validate environment files statically, for CI'
            cand open 'Open an environment and print its values'
            cand get 'Show an environment''s definition or its statically checked values'
            cand completion 'Print a shell completion script'
            cand rotate 'Rotate the secrets of an environment'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'escrot;help;check'= {
        }
        &'escrot;help;open'= {
        }
        &'escrot;help;get'= {
        }
        &'escrot;help;completion'= {
        }
        &'escrot;help;rotate'= {
        }
        &'escrot;help;help'= {
        }
    ]
    $completions[$command]
}
