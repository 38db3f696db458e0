import CNCurses
import MigrationCore

/// ncurses' version string (placeholder until the wizard lands).
public func ncursesVersion() -> String { String(cString: curses_version()) }
