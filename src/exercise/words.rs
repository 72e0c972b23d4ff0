//! The words of kubeplay's own exercise screens (never kubectl's output), in each exercise
//! language. The page's lesson panel will take its labels from here too.

use super::model::Lang;

pub struct Words {
    /// "Step 2/3: title".
    pub step: &'static str,
    /// "✓ step 2: title", when a command completes it.
    pub step_done: &'static str,
    /// Said when `hint` finds nothing left to hint at.
    pub no_hint: &'static str,
}

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &Words {
            step: "Step",
            step_done: "✓ step",
            no_hint: "Every check of this step holds.",
        },
        Lang::Fr => &Words {
            step: "Étape",
            step_done: "✓ étape",
            no_hint: "Toutes les vérifications de cette étape sont bonnes.",
        },
    }
}
