"""Light and dark themes that follow the system (Qt 6.5+ ``QStyleHints.colorScheme``).

``apply_theme(app, 'auto')`` picks the system's scheme and follows its changes
(``colorSchemeChanged``); 'light' and 'dark' force one. A theme is the Fusion style with a
full palette, plus pyqtgraph's background/foreground (new plots) and a restyle of the plots
that already exist. Panels that read ``palette_colors()`` can also react to Qt's
``PaletteChange`` event or to :attr:`ThemeManager.changed`.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu

SCHEMES = ("auto", "light", "dark")
SETTINGS_KEY = "theme"
Role, Group = QPalette.ColorRole, QPalette.ColorGroup

# role -> (active colour, disabled colour or None for the same)
LIGHT = {
    Role.Window: ("#eff0f2", None),
    Role.WindowText: ("#1d2329", "#8a9099"),
    Role.Base: ("#ffffff", "#f4f5f6"),
    Role.AlternateBase: ("#f5f6f8", None),
    Role.Text: ("#1d2329", "#8a9099"),
    Role.PlaceholderText: ("#80868e", None),
    Role.Button: ("#e6e8eb", "#eceef0"),
    Role.ButtonText: ("#1d2329", "#9aa0a8"),
    Role.BrightText: ("#ffffff", None),
    Role.ToolTipBase: ("#ffffe1", None),
    Role.ToolTipText: ("#1d2329", None),
    Role.Highlight: ("#2f6fd0", "#b9c4d4"),
    Role.HighlightedText: ("#ffffff", None),
    Role.Link: ("#1a5fb4", None),
    Role.LinkVisited: ("#6a3fb0", None),
    Role.Light: ("#ffffff", None),
    Role.Midlight: ("#f0f1f3", None),
    Role.Mid: ("#b8bcc2", None),
    Role.Dark: ("#8f949b", None),
    Role.Shadow: ("#50555c", None),
}
DARK = {
    Role.Window: ("#26282c", None),
    Role.WindowText: ("#e4e6e9", "#7b8088"),
    Role.Base: ("#1b1d20", "#222428"),
    Role.AlternateBase: ("#24272b", None),
    Role.Text: ("#e4e6e9", "#7b8088"),
    Role.PlaceholderText: ("#8a9099", None),
    Role.Button: ("#31343a", "#2b2e33"),
    Role.ButtonText: ("#e4e6e9", "#6f747c"),
    Role.BrightText: ("#ffffff", None),
    Role.ToolTipBase: ("#31343a", None),
    Role.ToolTipText: ("#e4e6e9", None),
    Role.Highlight: ("#3f7fe0", "#3a4150"),
    Role.HighlightedText: ("#ffffff", None),
    Role.Link: ("#78aeff", None),
    Role.LinkVisited: ("#b792f5", None),
    Role.Light: ("#4a4e55", None),
    Role.Midlight: ("#3a3d43", None),
    Role.Mid: ("#2c2f34", None),
    Role.Dark: ("#17181b", None),
    Role.Shadow: ("#0c0d0e", None),
}


def make_palette(scheme: str) -> QPalette:
    """The full palette of 'light' or 'dark'."""
    palette = QPalette()
    for role, (color, disabled) in (DARK if scheme == "dark" else LIGHT).items():
        palette.setColor(role, QColor(color))
        palette.setColor(Group.Disabled, role, QColor(disabled or color))
    return palette


def system_scheme(app: QGuiApplication) -> str:
    """'dark' or 'light' as the system says; an unknown scheme is judged by the palette."""
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return "dark"
    if scheme == Qt.ColorScheme.Light:
        return "light"
    window = (
        app.style().standardPalette().color(Role.Window)
        if isinstance(app, QApplication)
        else app.palette().color(Role.Window)
    )
    return "dark" if window.lightness() < 128 else "light"


def restyle_plots(app: QApplication, fg: str, bg: str) -> None:
    """Give existing pyqtgraph views the theme's background and their axes its text colour."""
    from dqn_lab.gui.run_panel import style_plot

    for widget in app.allWidgets():
        if isinstance(widget, pg.GraphicsView):
            widget.setBackground(bg)
            for item in widget.scene().items():
                if isinstance(item, pg.PlotItem):
                    style_plot(item, fg)


class ThemeManager(QObject):
    """Applies a scheme and, in 'auto', re-applies it when the system's scheme changes."""

    #: The effective scheme after every change: 'light' or 'dark'.
    changed = Signal(str)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.scheme = "auto"  # what the user asked for
        self.effective = ""  # what is shown
        self.original_style = app.style().name()
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def apply(self, scheme: str = "auto") -> str:
        if scheme not in SCHEMES:
            raise ValueError(f"Theme {scheme!r} is not one of {', '.join(SCHEMES)}.")
        self.scheme = scheme
        hints = self.app.styleHints()
        if hasattr(hints, "setColorScheme"):  # Qt 6.8+: native title bars follow too
            hints.setColorScheme(
                {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
                    scheme, Qt.ColorScheme.Unknown
                )
            )
        effective = system_scheme(self.app) if scheme == "auto" else scheme
        self._show(effective)
        return effective

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.scheme == "auto":
            self._show(system_scheme(self.app))

    def _show(self, effective: str) -> None:
        palette = make_palette(effective)
        if self.app.style().name().lower() != "fusion":
            self.app.setStyle("Fusion")  # native styles ignore parts of a palette
        self.app.setPalette(palette)
        fg, bg = palette.color(Role.Text).name(), palette.color(Role.Base).name()
        pg.setConfigOptions(background=bg, foreground=fg)
        restyle_plots(self.app, fg, bg)
        changed = effective != self.effective
        self.effective = effective
        if changed:
            self.changed.emit(effective)


def theme_manager(app: QApplication) -> ThemeManager:
    """The app's single :class:`ThemeManager` (created on first use)."""
    manager = app.findChild(ThemeManager)
    return manager if manager is not None else ThemeManager(app)


def apply_theme(app: QApplication, scheme: str = "auto") -> str:
    """Apply 'auto' (follow the system), 'light' or 'dark'; return 'light' or 'dark' shown."""
    return theme_manager(app).apply(scheme)


def restore_theme(app: QApplication, settings: QSettings) -> str:
    """Apply the scheme stored in ``settings`` (default 'auto'); an odd value means 'auto'."""
    scheme = str(settings.value(SETTINGS_KEY, "auto"))
    return apply_theme(app, scheme if scheme in SCHEMES else "auto")


def add_theme_menu(menu: QMenu, app: QApplication, settings: QSettings | None = None) -> QMenu:
    """A "Theme" submenu of ``menu``: Follow system / Light / Dark, remembered in ``settings``."""
    sub = menu.addMenu(QCoreApplication.translate("Theme", "&Theme"))
    group = QActionGroup(sub)
    current = theme_manager(app).scheme
    for scheme, text in (
        ("auto", QCoreApplication.translate("Theme", "Follow &system")),
        ("light", QCoreApplication.translate("Theme", "&Light")),
        ("dark", QCoreApplication.translate("Theme", "&Dark")),
    ):
        action = QAction(text, group, checkable=True)
        action.setChecked(scheme == current)
        action.setData(scheme)
        sub.addAction(action)

    def chosen(action: QAction) -> None:
        apply_theme(app, action.data())
        if settings is not None:
            settings.setValue(SETTINGS_KEY, action.data())

    group.triggered.connect(chosen)
    return sub
