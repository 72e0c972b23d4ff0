//! The page's own words (buttons, labels, messages), in English and French. kubectl's output is
//! never translated: it stays what kubectl prints. The language follows the open exercise, or the
//! switch in the header, and is remembered in storage.

pub use crate::exercise::model::Lang;

/// English, as the page always spoke before it had a switch.
impl Default for Lang {
    fn default() -> Lang {
        Lang::En
    }
}

pub fn parse_lang(code: &str) -> Option<Lang> {
    match code.trim() {
        "en" => Some(Lang::En),
        "fr" => Some(Lang::Fr),
        _ => None,
    }
}

#[derive(PartialEq, Eq, Debug)]
pub struct Words {
    pub subtitle: &'static str,
    pub reset_cluster: &'static str,
    pub reset_cluster_confirm: &'static str,
    pub cluster_was_reset: &'static str,
    pub language: &'static str,
    pub exercises: &'static str,
    pub exercises_pick: &'static str,
    pub no_exercise: &'static str,
    // Share links (`{}` stands for a number or size).
    pub share: &'static str,
    pub share_title: &'static str,
    pub share_link: &'static str,
    pub share_long: &'static str,
    pub share_exam: &'static str,
    pub share_damaged: &'static str,
    pub share_version: &'static str,
    pub share_question: &'static str,
    pub share_opened: &'static str,
    pub share_kept_aside: &'static str,
    pub share_declined: &'static str,
    pub share_already: &'static str,
    pub share_undone: &'static str,
    pub share_nothing_aside: &'static str,
    pub share_usage: &'static str,
    // The editor.
    pub files: &'static str,
    pub new_file: &'static str,
    pub apply: &'static str,
    pub delete_file_confirm: &'static str,
    pub rename: &'static str,
    pub yaml_valid: &'static str,
    pub editor: &'static str,
    /// `kubectl edit`: the file's tab button, and the terminal's line while it waits (`{}` the file).
    pub save_edit: &'static str,
    pub close_edit: &'static str,
    pub editing: &'static str,
    // The terminal.
    pub terminal: &'static str,
    pub command_line: &'static str,
    pub terminal_keys: &'static str,
    // The cluster view.
    pub cluster: &'static str,
    pub cluster_hint: &'static str,
    pub cluster_starting: &'static str,
    pub nodes: &'static str,
    pub namespaces: &'static str,
    pub describe_namespace: &'static str,
    pub close: &'static str,
    pub view: &'static str,
    // The lesson panel.
    pub lesson: &'static str,
    pub done: &'static str,
    pub current: &'static str,
    pub to_do: &'static str,
    pub run: &'static str,
    pub run_title: &'static str,
    pub hint: &'static str,
    pub show_solution: &'static str,
    pub solution: &'static str,
    pub reset_exercise: &'static str,
    pub reset_exercise_confirm: &'static str,
    pub close_lesson: &'static str,
    pub finished: &'static str,
    pub no_hint: &'static str,
    pub minutes: &'static str,
    // The exam panel.
    pub exam: &'static str,
    pub troubleshooting_exam: &'static str,
    pub tasks: &'static str,
    pub task: &'static str,
    pub point: &'static str,
    pub points: &'static str,
    pub time_left: &'static str,
    pub time_up: &'static str,
    pub finish_exam: &'static str,
    pub finish_exam_confirm: &'static str,
    pub exam_over: &'static str,
    pub score: &'static str,
    pub passed: &'static str,
    pub missed: &'static str,
    pub nothing_missed: &'static str,
    pub restart_exam: &'static str,
    pub restart_exam_confirm: &'static str,
    pub leave_exam: &'static str,
    pub leave_exam_confirm: &'static str,
}

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

const EN: Words = Words {
    subtitle: "a Kubernetes cluster in your browser",
    reset_cluster: "Reset cluster",
    reset_cluster_confirm:
        "Reset the cluster? Every object you created is removed; your files stay.",
    cluster_was_reset: "The cluster was reset.\n",
    language: "Language",
    exercises: "Exercises",
    exercises_pick: "Choose an exercise",
    no_exercise: "No exercise named",
    share: "Share",
    share_title: "Copy a link that opens this playground — files, cluster, history, exercise — in another browser",
    share_link: "Link to this playground (the link holds it all; nothing is uploaded):",
    share_long: "This link is {}: longer than many chat tools accept (about 8 KB).",
    share_exam: "Share links are not available during an exam.",
    share_damaged: "This share link is damaged (cut short or changed); the playground opened as it was.",
    share_version: "This share link was made by a newer kubeplay (format {}); the playground opened as it was.",
    share_question: "This link holds a shared playground. Open it in place of your work? Your work is kept aside: `share undo` brings it back.",
    share_opened: "Opened the shared playground.",
    share_kept_aside: "Your previous work is kept aside: type `share undo` to bring it back.",
    share_declined: "The shared playground was not opened; your work is as you left it.",
    share_already: "This link holds the playground as it already is here.",
    share_undone: "Your previous work is back; what it replaced is kept aside (`share undo` swaps them again).",
    share_nothing_aside: "share undo: no work was kept aside.",
    share_usage: "usage: share [undo]",
    files: "Files",
    new_file: "New file",
    apply: "Apply",
    delete_file_confirm: "Delete",
    rename: "Rename",
    yaml_valid: "YAML looks valid",
    editor: "Editor",
    save_edit: "Save",
    close_edit: "Cancel the edit",
    editing: "kubectl edit: {} is open in the editor. Save (Ctrl-S) applies it; closing its tab or Ctrl-C cancels.",
    terminal: "Terminal",
    command_line: "Command line",
    terminal_keys: "↑↓ history · Tab completes · Ctrl-R search · Ctrl-C drops a line or stops get -w, logs -f · Ctrl-L clears",
    cluster: "Cluster",
    cluster_hint: "click an object for details",
    cluster_starting: "Starting the cluster…",
    nodes: "Nodes",
    namespaces: "Namespaces",
    describe_namespace: "Describe namespace",
    close: "Close",
    view: "View",
    lesson: "Exercise",
    done: "done",
    current: "current",
    to_do: "to do",
    run: "Run",
    run_title: "Run this in the terminal",
    hint: "Hint",
    show_solution: "Show solution",
    solution: "Solution",
    reset_exercise: "Reset exercise",
    reset_exercise_confirm:
        "Start this exercise over? The cluster is reset and its steps are to do again.",
    close_lesson: "Close the exercise",
    finished: "Exercise complete",
    no_hint: "Every check of this step holds.",
    minutes: "min",
    exam: "Exam",
    troubleshooting_exam: "Exam: troubleshooting",
    tasks: "Tasks",
    task: "Task",
    point: "pt",
    points: "pts",
    time_left: "Time left",
    time_up: "Time is up",
    finish_exam: "Finish",
    finish_exam_confirm:
        "Finish the exam now? Every task is graded as it is; nothing can be changed afterwards.",
    exam_over: "The exam is over: see your score, then leave or restart it.",
    score: "Score",
    passed: "passed",
    missed: "missed",
    nothing_missed: "Nothing was missed.",
    restart_exam: "Restart the exam",
    restart_exam_confirm:
        "Start the exam over? Every task's cluster is reset and the clock starts again.",
    leave_exam: "Leave the exam",
    leave_exam_confirm: "Leave the exam? Its tasks, their clusters and the clock are dropped.",
};

const FR: Words = Words {
    subtitle: "un cluster Kubernetes dans votre navigateur",
    reset_cluster: "Réinitialiser le cluster",
    reset_cluster_confirm:
        "Réinitialiser le cluster ? Tous les objets créés sont supprimés ; vos fichiers restent.",
    cluster_was_reset: "Le cluster a été réinitialisé.\n",
    language: "Langue",
    exercises: "Exercices",
    exercises_pick: "Choisir un exercice",
    no_exercise: "Aucun exercice nommé",
    share: "Partager",
    share_title: "Copier un lien qui ouvre ce bac à sable — fichiers, cluster, historique, exercice — dans un autre navigateur",
    share_link: "Lien vers ce bac à sable (le lien contient tout ; rien n'est envoyé) :",
    share_long: "Ce lien fait {} : plus que beaucoup d'outils de discussion n'acceptent (environ 8 Ko).",
    share_exam: "Les liens de partage ne sont pas disponibles pendant un examen.",
    share_damaged: "Ce lien de partage est abîmé (tronqué ou modifié) ; le bac à sable s'est ouvert tel qu'il était.",
    share_version: "Ce lien de partage vient d'une version plus récente de kubeplay (format {}) ; le bac à sable s'est ouvert tel qu'il était.",
    share_question: "Ce lien contient un bac à sable partagé. L'ouvrir à la place de votre travail ? Votre travail est mis de côté : `share undo` le ramène.",
    share_opened: "Le bac à sable partagé est ouvert.",
    share_kept_aside: "Votre travail précédent est mis de côté : tapez `share undo` pour le ramener.",
    share_declined: "Le bac à sable partagé n'a pas été ouvert ; votre travail est tel que vous l'avez laissé.",
    share_already: "Ce lien contient le bac à sable tel qu'il est déjà ici.",
    share_undone: "Votre travail précédent est revenu ; celui qu'il remplace est mis de côté (`share undo` les échange à nouveau).",
    share_nothing_aside: "share undo : aucun travail n'a été mis de côté.",
    share_usage: "usage: share [undo]",
    files: "Fichiers",
    new_file: "Nouveau fichier",
    apply: "Appliquer",
    delete_file_confirm: "Supprimer",
    rename: "Renommer",
    yaml_valid: "Le YAML semble valide",
    editor: "Éditeur",
    save_edit: "Enregistrer",
    close_edit: "Annuler la modification",
    editing: "kubectl edit : {} est ouvert dans l'éditeur. Enregistrer (Ctrl-S) l'applique ; fermer son onglet ou Ctrl-C annule.",
    terminal: "Terminal",
    command_line: "Ligne de commande",
    terminal_keys: "↑↓ historique · Tab complète · Ctrl-R recherche · Ctrl-C abandonne la ligne ou arrête get -w, logs -f · Ctrl-L efface",
    cluster: "Cluster",
    cluster_hint: "cliquez sur un objet pour le détail",
    cluster_starting: "Démarrage du cluster…",
    nodes: "Nœuds",
    namespaces: "Namespaces",
    describe_namespace: "Décrire la namespace",
    close: "Fermer",
    view: "Vue",
    lesson: "Exercice",
    done: "faite",
    current: "en cours",
    to_do: "à faire",
    run: "Exécuter",
    run_title: "Exécuter dans le terminal",
    hint: "Indice",
    show_solution: "Voir la solution",
    solution: "Solution",
    reset_exercise: "Recommencer l'exercice",
    reset_exercise_confirm:
        "Recommencer cet exercice ? Le cluster est réinitialisé et ses étapes sont à refaire.",
    close_lesson: "Fermer l'exercice",
    finished: "Exercice terminé",
    no_hint: "Toutes les vérifications de cette étape sont bonnes.",
    minutes: "min",
    exam: "Examen",
    troubleshooting_exam: "Examen : dépannage",
    tasks: "Tâches",
    task: "Tâche",
    point: "pt",
    points: "pts",
    time_left: "Temps restant",
    time_up: "Temps écoulé",
    finish_exam: "Terminer",
    finish_exam_confirm:
        "Terminer l'examen maintenant ? Chaque tâche est notée en l'état ; plus rien ne pourra être modifié.",
    exam_over: "L'examen est terminé : consultez votre score, puis quittez-le ou recommencez-le.",
    score: "Score",
    passed: "réussi",
    missed: "manqué",
    nothing_missed: "Rien n'a été manqué.",
    restart_exam: "Recommencer l'examen",
    restart_exam_confirm:
        "Recommencer l'examen ? Le cluster de chaque tâche est réinitialisé et le temps repart.",
    leave_exam: "Quitter l'examen",
    leave_exam_confirm:
        "Quitter l'examen ? Ses tâches, leurs clusters et le temps sont abandonnés.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_own_words() {
        assert_eq!(words(Lang::En).apply, "Apply");
        assert_eq!(words(Lang::Fr).apply, "Appliquer");
        assert_eq!(parse_lang("fr"), Some(Lang::Fr));
        assert_eq!(parse_lang("de"), None);
    }
}
