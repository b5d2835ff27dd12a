//! Reports of a schedule, one file per output: the terminal [`summary()`], the self-contained
//! [`html()`] page, the SVG [`charts()`] (closure profile, hub occupancy, movement timeline and
//! the map), the [`csv_files`] for spreadsheets and the [`geojson()`] for GIS tools.
//!
//! Reports read the model and the schedule only (never the MIP or the solver), and write
//! every figure meant for people through [`crate::text::grouped`].

mod charts;
mod csv;
mod geojson;
mod html;
mod map;
mod palette;
mod summary;

pub use charts::{charts, closure_svg, occupancy_svg, timeline_svg, Chart};
// `self::`: the module `csv` shares its name with the csv crate it writes with.
pub use self::csv::csv_files;
pub use geojson::geojson;
pub use html::{esc, html};
pub use map::{map_svg, tonnes_by_route};
pub use palette::{mode_colour, OKABE_ITO};
pub use summary::{summary, REASON_WIDTH, TOP_ROWS};
