import CNCurses

/// ncurses' version string, e.g. "ncurses 6.4.20221231".
public func ncursesVersion() -> String { String(cString: curses_version()) }
