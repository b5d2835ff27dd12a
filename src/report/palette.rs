//! The look shared by the charts and the map: the colour-blind-safe Okabe–Ito palette, the
//! colour of each transport mode and the font.

use plotters::style::RGBColor;

use crate::format::Mode;

/// Okabe–Ito palette (without black), in the order series take it.
pub const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
];

/// The font family of every chart's text.
pub(super) const FONT: &str = "sans-serif";

/// The colour of the `i`th series of a chart (the palette repeats after seven).
pub(super) fn series_colour(i: usize) -> RGBColor {
    OKABE_ITO[i % OKABE_ITO.len()]
}

/// Colour of a transport mode.
pub fn mode_colour(m: Mode) -> RGBColor {
    match m {
        Mode::Road => OKABE_ITO[0],
        Mode::Rail => OKABE_ITO[4],
        Mode::Air => OKABE_ITO[6],
        Mode::Sea => OKABE_ITO[2],
    }
}
