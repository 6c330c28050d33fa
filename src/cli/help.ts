import { VERSION } from "../version.ts";

/** Top-level help. */
export const MAIN_HELP = `mimolo ${VERSION} — Mini Modular Monitor & Logger

Polls small monitor plugins, groups their events into time segments and
writes the segments to daily log files.

Usage: mimolo <command> [options]

Commands:
  monitor    run the monitor (the usual command)
  init       write a starter config into your config folder
  service    start the monitor at every login: install, uninstall, status
  report     when you worked, on what and for how long (text, JSON, CSV, HTML)
  register   list the plugins found, with their specs and status
  synthetic  print synthetic events as JSON lines (runs no plugin; the
             old name "mimolo test" still works)
  sdk        "mimolo sdk export DIR" writes the plugin SDK and a deno.json
             into DIR, for deno check, deno test and editors
  plugin     plugin tools: "mimolo plugin new NAME" writes a new plugin,
             "mimolo plugin test FILE" runs one plugin and shows what it
             emits, "mimolo plugin config LABEL" prints a sample config
             section

Config: -c FILE, else $MIMOLO_CONFIG, else ./mimolo.toml, else mimolo.toml in
your config folder (Linux: $XDG_CONFIG_HOME/mimolo or ~/.config/mimolo; macOS:
~/Library/Application Support/mimolo; Windows: %APPDATA%\\mimolo).

Options:
  -h, --help     show help (also after a command: mimolo monitor --help)
  -V, --version  show the version

Exit codes: 0 ok; 1 runtime failure (log folder locked by another monitor or
not writable, records left unwritten at exit, unexpected error);
2 configuration or usage error;
3 plugin registration/loading error; 4 monitor --once --timeout S: no segment
was written within S seconds.`;

/** `mimolo monitor --help`. */
export const MONITOR_HELP = `Usage: mimolo monitor [options]

Polls every enabled plugin, closes a segment when no resetting event arrived
for cooldown_seconds, and writes it to log_dir. Ctrl+C (SIGINT) or SIGTERM
closes and writes the open segment, then exits 0 (1 if records could not be
written; they are printed to stderr). Segments left by a crash are recovered
from <log_dir>/.journal at start-up. SIGHUP (Unix) reloads the config file
and the plugin folders without closing the open segment: new, removed and
changed plugins are started, stopped and restarted, and new settings apply
(a new cooldown_seconds moves the open segment's deadline); log_dir,
log_format, log_day, host, journal_fsync_ms and max_event_refs keep their
value until a restart. A config or plugin that does not load is reported
and the running configuration is kept.

Options:
  -c, --config FILE     config file (default: $MIMOLO_CONFIG, ./mimolo.toml,
                        or your config folder's mimolo.toml; see mimolo --help)
      --once            exit 0 after the first segment is written; exits at
                        once (2) when no enabled plugin can open a segment
      --timeout S       stop after S seconds as on Ctrl+C (the open segment is
                        written); with --once and no segment by then, exit 4
      --dry-run         validate config and plugins, print the effective
                        config, and exit
      --watch-config    reload as on SIGHUP when the config file or a plugin
                        folder changes (every OS)
      --log-format F    override [monitor].log_format (jsonl, yaml, md)
      --cooldown S      override [monitor].cooldown_seconds
  -h, --help            show this help

Permissions (plugins get none unless granted; Deno-style flags grant every
plugin, [plugins.<label>.permissions] in the config grants one plugin):
      --allow-read[=PATHS]      --allow-write[=PATHS]
      --allow-net[=HOSTS]       --allow-env[=VARS]
      --allow-run[=PROGRAMS]    --allow-sys[=NAMES]
  -A, --allow-all   full access: everything mimolo itself may do (FFI
                    included), which Deno demands for /proc, /dev and /sys;
                    all = true in [plugins.<label>.permissions] gives one
                    plugin the same. Grant it only to code you trust.`;

/** `mimolo report --help`. */
export const REPORT_HELP = `Usage: mimolo report [window] [options]

Says when you worked, on which projects and for how long, from the daily log
files (every log_format), in your local time.

Window (one; default --today). Dates are YYYY-MM-DD local days in --tz:
      --today               today
      --yesterday           yesterday
      --day DATE            one day
      --week                this ISO week (Monday to Sunday)
      --month               this calendar month
      --from DATE --to DATE the days from DATE to DATE, both included

Options:
      --by KEY          project (default), folder, label, host or day
      --format F        text (default), json, csv or html
  -o, --output FILE     write the report to FILE instead of stdout
      --tz ZONE         IANA time zone of the days (default: the system's)
      --logs DIR        read this log folder instead of log_dir; repeat to
                        report several folders (machines) together
  -c, --config FILE     config whose log_dir, [report.projects] and
                        watch_dirs to use (default: ./mimolo.toml)
  -h, --help            show this help

A folder's project: the first [report.projects] rule matching it, else the
nearest folder with .git/.hg/.svn/.jj, else its first folder below a watched
folder (watch_dirs), else the folder itself. A segment of k keys gives each
1/k of its time, so the rows add up to the total.`;

/** `mimolo register --help`. */
export const REGISTER_HELP = `Usage: mimolo register [options]

Lists every plugin found in the built-in folder and in plugin_dirs: its label,
file, spec, metadata and whether the config enables it. Files that fail to
load are listed with the reason (exit 3).

Options:
  -c, --config FILE     config file (default: ./mimolo.toml if it exists)
      --json            machine-readable output
      --allow-*         permission flags as for monitor (shown in grants)
  -h, --help            show this help`;

/** `mimolo synthetic --help`. */
export const SYNTHETIC_HELP = `Usage: mimolo synthetic [options]

Prints synthetic events as JSON lines (the standalone event record format),
for trying out pipes and parsers.

Options:
      --rate EPS        events per second (default 1)
      --count N         how many events (default 10)
  -h, --help            show this help`;

/** `mimolo plugin --help`. */
export const PLUGIN_HELP = `Usage: mimolo plugin new NAME [options]
       mimolo plugin config LABEL [-c FILE]
       mimolo plugin test FILE|LABEL [options]   (see mimolo plugin test --help)

plugin new: writes NAME.ts, a ready-to-edit plugin from the template, and
its tests NAME_test.ts into the first of plugin_dirs (or --dir), exports the
SDK there unless the folder already resolves "@mimolo/sdk" (merged into an
existing deno.json, never clobbering it) so deno test passes as generated,
and prints the config section that enables it. Never overwrites NAME.ts.
NAME becomes the plugin's label: one a built-in or discovered plugin has is
refused.

plugin config: prints a sample [plugins.LABEL] section for a discovered
plugin, generated from the config keys it declares: each key with its
description, type and default, commented out.

Options:
      --dir DIR         folder to write into (plugin new)
  -c, --config FILE     config whose plugin_dirs to use (default: ./mimolo.toml)
  -h, --help            show this help`;

/** `mimolo init --help`. */
export const INIT_HELP = `Usage: mimolo init [--watch DIR]...

Writes a starter mimolo.toml into your config folder (Linux:
$XDG_CONFIG_HOME/mimolo or ~/.config/mimolo; macOS: ~/Library/Application
Support/mimolo; Windows: %APPDATA%\\mimolo), where every command finds it
without -c. It enables folderwatch on the folders you name, with read access
to exactly those folders; keeps logs in your data folder (Linux:
~/.local/share/mimolo/logs); and leaves the demo plugin off. Never overwrites
an existing config.

Options:
      --watch DIR       a folder you work in (repeat for several; default: the
                        current folder, unless it is your home folder)
  -h, --help            show this help`;

/** `mimolo service --help`. */
export const SERVICE_HELP = `Usage: mimolo service install [-c FILE] [--allow-...] [--dry-run]
       mimolo service uninstall [--dry-run]
       mimolo service status [--json]

Starts the monitor at every login and restarts it after a crash, with the
config found as for mimolo monitor (made absolute) and the permission flags
given here:
  Linux    a systemd user unit, $XDG_CONFIG_HOME/systemd/user/mimolo.service
           (default ~/.config/...), enabled and started with systemctl --user;
           messages: journalctl --user -u mimolo
  macOS    a LaunchAgent, ~/Library/LaunchAgents/mimolo.monitor.plist, loaded
           with launchctl; messages: ~/Library/Logs/mimolo/monitor.log
  Windows  a task at logon named MiMoLo (Task Scheduler, schtasks)
It runs this executable (under deno run: this Deno with main.ts and the
mimolo task's flags). When the service manager cannot be reached, install and
uninstall print the commands to run instead.

Options:
  -c, --config FILE     the config the service runs with
      --allow-*, -A     permission flags, as for mimolo monitor
      --dry-run         print what would be written and run; change nothing
      --json            (status) machine-readable output
  -h, --help            show this help`;

/** `mimolo plugin test --help`. */
export const PLUGIN_TEST_HELP = `Usage: mimolo plugin test FILE|LABEL [options] [--allow-...]

Runs one plugin exactly as the monitor would: the same loader, worker,
grants (flags and its [plugins.LABEL] section), timeout_s and event
validation, but writes no logs. It constructs the plugin and calls onStart(),
polls it N times, runs filterMethod over the values collected under its
dataHeader, calls onSegmentClose() with that segment, then onStop(). Each
poll's outcome is printed with how long it took (a warning above 100 ms),
then the aggregate. FILE is a plugin file anywhere (a path, or a name ending
in .ts/.js); LABEL is a plugin found in the built-in folder or plugin_dirs.

Options:
  -c, --config FILE     config for its section and [monitor] limits (default:
                        as for mimolo monitor)
      --polls N         how many polls (default 3)
      --interval S      seconds between polls (default: the smaller of its
                        poll interval and 1)
      --json            one JSON object per line: {"type": "event", "poll",
                        "ms", ...the event}, {"type": "none", "poll", "ms"},
                        {"type": "error", "poll" or "stage", "message"}, and
                        last {"type": "aggregate", "aggregated": {...}}
      --allow-*, -A     permission flags, as for mimolo monitor
  -h, --help            show this help

Exit codes: 0 every call worked; 1 a call failed or hung (the message names
the plugin and the cause); 2 usage or configuration error; 3 the plugin does
not load.`;

/** `mimolo sdk --help`. */
export const SDK_HELP = `Usage: mimolo sdk export DIR

Writes the plugin SDK of this mimolo (${VERSION}) into DIR/.mimolo/sdk: the
code and types of "@mimolo/sdk" and of the testing helpers
"@mimolo/sdk/testing", stamped with this version, and a DIR/deno.json whose
import map resolves both there (merged into an existing deno.json, keeping
everything else in it). Then, in DIR, deno check, deno test and the Deno
language server of your editor resolve the SDK exactly as the monitor does.
Run it again after updating mimolo: monitor and register warn when a plugin
folder's SDK is older than the running mimolo.

Options:
  -h, --help            show this help`;
