//! kubectl: commands and printers. Talks to the API only through `ApiRequest`/`ApiResponse`.
