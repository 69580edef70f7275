<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>About</name>
    <message>
        <location filename="../../gui/about.py" line="34"/>
        <source>A desktop simulator to learn, tune and compare Deep Q-Learning agents (a naive deep Q agent and DQN) on Gymnasium&apos;s CartPole.</source>
        <translation>Ein Desktop-Simulator, um Deep-Q-Learning-Agenten (einen naiven Deep-Q-Agenten und DQN) auf CartPole von Gymnasium zu lernen, abzustimmen und zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../../gui/about.py" line="121"/>
        <source>About {0}</source>
        <extracomment>(label, distribution names to try) of the libraries shown in the dialog.</extracomment>
        <translation>Über {0}</translation>
    </message>
    <message>
        <location filename="../../gui/about.py" line="129"/>
        <source>Version {0}</source>
        <translation>Version {0}</translation>
    </message>
    <message>
        <location filename="../../gui/about.py" line="131"/>
        <source>Built from a lab notebook on deep Q-learning. MIT licence.</source>
        <translation>Entstanden aus einem Laborheft zum Deep Q-Learning. MIT-Lizenz.</translation>
    </message>
    <message>
        <location filename="../../gui/about.py" line="148"/>
        <source>Copy versions</source>
        <translation>Versionen kopieren</translation>
    </message>
    <message>
        <location filename="../../gui/about.py" line="150"/>
        <source>Copy these versions to the clipboard, e.g. for a bug report.</source>
        <translation>Diese Versionen in die Zwischenablage kopieren, z. B. für einen Fehlerbericht.</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <location filename="../../gui/i18n.py" line="394"/>
        <source>push left</source>
        <translation>links schieben</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="395"/>
        <source>push right</source>
        <translation>rechts schieben</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="396"/>
        <source>no push</source>
        <translation>nicht schieben</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="397"/>
        <source>torque -1</source>
        <translation>Drehmoment -1</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="398"/>
        <source>no torque</source>
        <translation>kein Drehmoment</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="399"/>
        <source>torque +1</source>
        <translation>Drehmoment +1</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="412"/>
        <source>action {0}</source>
        <translation>Aktion {0}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../gui/app.py" line="106"/>
        <source>The run trained since its last save is not saved.</source>
        <translation>Der seit dem letzten Speichern trainierte Lauf ist nicht gespeichert.</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="110"/>
        <source>interrupted (Ctrl+C): closing.</source>
        <translation>unterbrochen (Strg+C): wird beendet.</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="163"/>
        <source>Unknown preset {0}; choose one of {1}.</source>
        <translation>Unbekannte Voreinstellung {0}; wählen Sie eine von {1}.</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="177"/>
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
</context>
<context>
    <name>AppState</name>
    <message>
        <location filename="../../gui/app_state.py" line="79"/>
        <source>The last settings could not be restored ({0}); the notebook&apos;s settings (preset &apos;seed&apos;) are shown instead.</source>
        <translation>Die letzten Einstellungen ließen sich nicht wiederherstellen ({0}); stattdessen werden die Einstellungen des Notebooks (Voreinstellung „seed“) gezeigt.</translation>
    </message>
</context>
<context>
    <name>Bundle</name>
    <message>
        <location filename="../../gui/bundle_view.py" line="75"/>
        <source>, mean of last {0} {1}</source>
        <translation>, Mittel der letzten {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../gui/bundle_view.py" line="83"/>
        <source>1 transition in memory</source>
        <translation>1 Transition im Replay-Memory</translation>
    </message>
    <message>
        <location filename="../../gui/bundle_view.py" line="84"/>
        <source>{0} transitions in memory</source>
        <translation>{0} Transitionen im Replay-Memory</translation>
    </message>
    <message>
        <location filename="../../gui/bundle_view.py" line="87"/>
        <source>no replay memory</source>
        <translation>kein Replay-Memory</translation>
    </message>
    <message>
        <location filename="../../gui/bundle_view.py" line="89"/>
        <source>{0} on {1}: {2} episodes, {3} steps{4}; {5}</source>
        <translation>{0} auf {1}: {2} Episoden, {3} Schritte{4}; {5}</translation>
    </message>
</context>
<context>
    <name>Choices</name>
    <message>
        <location filename="../../gui/i18n.py" line="218"/>
        <source>Naive</source>
        <translation>Naiv</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="220"/>
        <source>constant</source>
        <translation>konstant</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="221"/>
        <source>linear</source>
        <translation>linear</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="222"/>
        <source>multiplicative</source>
        <translation>multiplikativ</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="223"/>
        <source>MSE</source>
        <translation>MSE</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="224"/>
        <source>Huber</source>
        <translation>Huber</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="225"/>
        <source>hard</source>
        <translation>hart</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="226"/>
        <source>soft</source>
        <translation>weich</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="227"/>
        <source>Keras (Glorot, zero biases)</source>
        <translation>Keras (Glorot, Bias null)</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="228"/>
        <source>PyTorch (uniform)</source>
        <translation>PyTorch (gleichverteilt)</translation>
    </message>
</context>
<context>
    <name>Compare</name>
    <message>
        <location filename="../../gui/compare_plot.py" line="34"/>
        <source>score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../gui/compare_plot.py" line="72"/>
        <source>episode</source>
        <translation>Episode</translation>
    </message>
    <message>
        <location filename="../../gui/compare_plot.py" line="74"/>
        <source>environment steps (means over the range that every finished run reached)</source>
        <translation>Umgebungsschritte (Mittel über den Bereich, den jeder fertige Lauf erreicht hat)</translation>
    </message>
    <message>
        <location filename="../../gui/compare_plot.py" line="80"/>
        <source>Score ({0}-episode mean), mean across seeds with {1} band</source>
        <translation>Score (Mittel über {0} Episoden), Mittel über die Seeds mit {1}-Band</translation>
    </message>
    <message>
        <location filename="../../gui/compare_plot.py" line="119"/>
        <source>pass: 100-episode mean ≥ {0}</source>
        <translation>bestanden: Mittel über 100 Episoden ≥ {0}</translation>
    </message>
    <message>
        <location filename="../../gui/compare_plot.py" line="139"/>
        <source>mean of 1 run</source>
        <translation>Mittel aus 1 Lauf</translation>
    </message>
    <message>
        <location filename="../../gui/compare_plot.py" line="141"/>
        <source>mean of {0} runs</source>
        <translation>Mittel aus {0} Läufen</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="85"/>
        <location filename="../../gui/compare_view.py" line="106"/>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="86"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="87"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="88"/>
        <location filename="../../gui/compare_view.py" line="267"/>
        <source>Episodes</source>
        <translation>Episoden</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="89"/>
        <source>Mean last 100</source>
        <translation>Mittel letzte 100</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="90"/>
        <source>Episodes to pass</source>
        <translation>Episoden bis bestanden</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="91"/>
        <source>Greedy eval</source>
        <translation>Greedy-Evaluation</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="92"/>
        <source>Wall s</source>
        <translation>Zeit s</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="93"/>
        <source>Steps/s</source>
        <translation>Schritte/s</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="95"/>
        <source>min-max</source>
        <translation>Min–Max</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="95"/>
        <source>bootstrap 95% CI</source>
        <translation>Bootstrap-95-%-KI</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="107"/>
        <source>Episode or step</source>
        <translation>Episode oder Schritt</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="108"/>
        <source>Mean score</source>
        <translation>Mittlerer Score</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="109"/>
        <source>Band low</source>
        <translation>Band unten</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="110"/>
        <source>Band high</source>
        <translation>Band oben</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="127"/>
        <source>Compare runs</source>
        <translation>Läufe vergleichen</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="139"/>
        <source>Runs are still queued or running. Cancel them and close the window?</source>
        <translation>Es warten oder laufen noch Läufe. Abbrechen und das Fenster schließen?</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="162"/>
        <source>Naive vs DQN, {0} seeds</source>
        <translation>Naiv gegen DQN, {0} Seeds</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="167"/>
        <source>The notebook&apos;s lesson: the naive agent and DQN with the seed&apos;s settings ({0} episodes on {1}), seeds 42 to {2}.</source>
        <translation>Die Lektion des Notebooks: der naive Agent und DQN mit den Einstellungen von seed ({0} Episoden auf {1}), Seeds 42 bis {2}.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="180"/>
        <source>Seeds per configuration: 42, 43, ...</source>
        <translation>Seeds pro Konfiguration: 42, 43, ...</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="183"/>
        <source>Episodes per run</source>
        <translation>Episoden pro Lauf</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="189"/>
        <source>Worker processes, each training one configuration&apos;s seeds together ({0} cores)</source>
        <translation>Worker-Prozesse, jeder trainiert die Seeds einer Konfiguration zusammen ({0} Kerne)</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="195"/>
        <source>Queue runs</source>
        <translation>Läufe einreihen</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="198"/>
        <source>by episode</source>
        <translation>nach Episode</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="199"/>
        <source>by env step</source>
        <translation>nach Umgebungsschritt</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="207"/>
        <source>Each run&apos;s score is averaged over this many episodes before the mean across seeds</source>
        <translation>Der Score jedes Laufs wird über so viele Episoden gemittelt, bevor über die Seeds gemittelt wird</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="212"/>
        <source>each run</source>
        <translation>jeder Lauf</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="221"/>
        <source>Cancel selected</source>
        <translation>Auswahl abbrechen</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="224"/>
        <source>Cancel the selected seeds: each stops alone, its results so far kept, while its configuration&apos;s other seeds train on. A summary row cancels every seed of its configuration.</source>
        <translation>Die gewählten Seeds abbrechen: Jeder hält einzeln an und behält seine bisherigen Ergebnisse, während die übrigen Seeds seiner Konfiguration weitertrainieren. Eine Zusammenfassungszeile bricht alle Seeds ihrer Konfiguration ab.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="232"/>
        <source>Cancel all</source>
        <translation>Alle abbrechen</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="233"/>
        <source>Clear finished</source>
        <translation>Fertige entfernen</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="234"/>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="237"/>
        <source>Show a comparison from its study file (compare-….journal in the studies folder): one run before, or run by the CLI&apos;s compare.</source>
        <translation>Einen Vergleich aus seiner Studiendatei zeigen (compare-….journal im Studienordner): einen früheren oder einen mit compare auf der Kommandozeile gestarteten.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="245"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="249"/>
        <source>Results table (CSV)…</source>
        <translation>Ergebnistabelle (CSV)…</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="251"/>
        <source>Mean curves (CSV)…</source>
        <translation>Mittelkurven (CSV)…</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="252"/>
        <source>Plot (PNG)…</source>
        <translation>Diagramm (PNG)…</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="257"/>
        <source>Mean curves</source>
        <translation>Mittelkurven</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="263"/>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="265"/>
        <source>Seeds</source>
        <translation>Seeds</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="269"/>
        <source>Parallel</source>
        <translation>Parallel</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="275"/>
        <source>Align</source>
        <translation>Ausrichten</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="277"/>
        <source>Band</source>
        <translation>Band</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="279"/>
        <source>Smooth</source>
        <translation>Glätten</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="295"/>
        <source>Greedy evaluation of the {0}.</source>
        <translation>Greedy-Evaluation, {0}.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="300"/>
        <source>Training episodes finished</source>
        <translation>Beendete Trainingsepisoden</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="303"/>
        <source>Mean score of the last 100 training episodes (the notebook&apos;s check); a configuration&apos;s row: mean ± standard deviation over its seeds</source>
        <translation>Mittlerer Score der letzten 100 Trainingsepisoden (die Prüfung des Notebooks); Zeile einer Konfiguration: Mittel ± Standardabweichung über ihre Seeds</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="311"/>
        <source>The first episode whose 100-episode mean reaches the threshold (a dash: not reached); a configuration&apos;s row: how many seeds passed, and their median</source>
        <translation>Die erste Episode, deren 100-Episoden-Mittel die Schwelle erreicht (ein Strich: nicht erreicht); Zeile einer Konfiguration: wie viele Seeds bestanden, und ihr Median</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="318"/>
        <source>Seconds the run trained</source>
        <translation>Sekunden, die der Lauf trainierte</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="319"/>
        <source>Environment steps per second of the run</source>
        <translation>Umgebungsschritte pro Sekunde des Laufs</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="338"/>
        <source>Queue a comparison: the lesson button runs the notebook&apos;s naive agent against DQN over five seeds.</source>
        <translation>Einen Vergleich einreihen: die Lektions-Schaltfläche lässt den naiven Agenten des Notebooks gegen DQN über fünf Seeds laufen.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="392"/>
        <source>Opened comparison {0}: {1} runs.</source>
        <translation>Vergleich {0} geöffnet: {1} Läufe.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="401"/>
        <source>Open a comparison</source>
        <translation>Einen Vergleich öffnen</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="403"/>
        <source>Study journals (*.journal)</source>
        <translation>Studien-Journale (*.journal)</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="418"/>
        <source>Queued {0} runs: {1} x seeds {2}..{3}.</source>
        <translation>{0} Läufe eingereiht: {1} x Seeds {2}..{3}.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="430"/>
        <source>Tick at least one agent to compare.</source>
        <translation>Mindestens einen Agenten zum Vergleichen ankreuzen.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="554"/>
        <source>{0} running, {1} queued, {2} done, {3} cancelled, {4} failed. Mean and band over finished runs; thin lines: each run (cancelled ones up to where they stopped). Greedy eval: {5}.</source>
        <translation>{0} laufen, {1} eingereiht, {2} fertig, {3} abgebrochen, {4} fehlgeschlagen. Mittel und Band über fertige Läufe; dünne Linien: jeder Lauf (abgebrochene bis zu ihrem Abbruch). Greedy-Evaluation: {5}.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="567"/>
        <source>Note: {0}.</source>
        <translation>Hinweis: {0}.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="651"/>
        <source>Cannot write the image {0}.</source>
        <translation>Das Bild {0} kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="656"/>
        <source>Export results table</source>
        <translation>Ergebnistabelle exportieren</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="661"/>
        <source>Export mean curves</source>
        <translation>Mittelkurven exportieren</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="666"/>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="667"/>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="685"/>
        <source>Wrote {0}.</source>
        <translation>{0} geschrieben.</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="736"/>
        <source>queued</source>
        <translation>eingereiht</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="738"/>
        <source>starting (loading TensorFlow)</source>
        <translation>startet (lädt TensorFlow)</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="741"/>
        <source>episode {0}/{1}, {2} steps/s</source>
        <translation>Episode {0}/{1}, {2} Schritte/s</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="745"/>
        <source>greedy evaluation</source>
        <translation>Greedy-Evaluation</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="747"/>
        <source>cancelled after {0} episodes</source>
        <translation>abgebrochen nach {0} Episoden</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="749"/>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="750"/>
        <source>failed: {0}</source>
        <translation>fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="752"/>
        <source>done: {0} episodes in {1} s</source>
        <translation>fertig: {0} Episoden in {1} s</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="774"/>
        <source>{0}/{1} passed</source>
        <translation>{0}/{1} bestanden</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="776"/>
        <source>{0}, median {1}</source>
        <translation>{0}, Median {1}</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="780"/>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="781"/>
        <source>{0}/{1} done</source>
        <translation>{0}/{1} fertig</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="812"/>
        <source>only 1 seed: below {1} the mean and its interval are fragile</source>
        <translation>nur 1 Seed: unter {1} sind das Mittel und sein Intervall wenig belastbar</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="814"/>
        <source>only {0} seeds: below {1} the mean and its interval are fragile</source>
        <translation>nur {0} Seeds: unter {1} sind das Mittel und sein Intervall wenig belastbar</translation>
    </message>
</context>
<context>
    <name>Config</name>
    <message>
        <location filename="config_strings.py" line="7"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="8"/>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="9"/>
        <source>Exploration</source>
        <translation>Exploration</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="10"/>
        <source>Learning</source>
        <translation>Lernen</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="11"/>
        <source>Memory</source>
        <translation>Replay-Memory</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="12"/>
        <source>Network</source>
        <translation>Netz</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="13"/>
        <source>Evaluation</source>
        <translation>Evaluierung</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="14"/>
        <source>Which agent learns: &apos;naive&apos; (the notebook&apos;s AdvancedQAgent: memory is only the last mini-batch, no target network) or &apos;dqn&apos; (random replay memory and a target network).</source>
        <translation>Welcher Agent lernt: &apos;naive&apos; (der AdvancedQAgent des Notebooks: das Gedächtnis ist nur der letzte Mini-Batch, kein Zielnetz) oder &apos;dqn&apos; (zufälliges Replay-Memory und ein Zielnetz).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="15"/>
        <source>Gymnasium environment id; any environment with a Box observation and Discrete actions works. CartPole-v0 (200 steps, solved at 195) is the notebook&apos;s.</source>
        <translation>Gymnasium-Umgebungs-ID; jede Umgebung mit Box-Beobachtung und diskreten Aktionen funktioniert. CartPole-v0 (200 Schritte, gelöst bei 195) ist die des Notebooks.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="16"/>
        <source>Episodes</source>
        <translation>Episoden</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="17"/>
        <source>Number of training episodes of the run.</source>
        <translation>Anzahl der Trainingsepisoden des Laufs.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="18"/>
        <source>Max steps</source>
        <translation>Max. Schritte</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="19"/>
        <source>Step limit per episode; the environment&apos;s own time limit also applies.</source>
        <translation>Schrittgrenze pro Episode; das Zeitlimit der Umgebung gilt zusätzlich.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="20"/>
        <source>steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="21"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="22"/>
        <source>Env step budget</source>
        <translation>Schrittbudget</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="23"/>
        <source>Stop the run after this many environment steps in total (0: no limit; the episode count also applies). A run stopped by this budget drops its unfinished episode.</source>
        <translation>Den Lauf nach insgesamt so vielen Umgebungsschritten beenden (0: keine Grenze; die Zahl der Episoden gilt weiterhin). Ein Lauf, den dieses Budget beendet, verwirft seine unvollendete Episode.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="24"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="25"/>
        <source>Seed of Python, NumPy, TensorFlow and the environment: the same seed gives the same run.</source>
        <translation>Seed von Python, NumPy, TensorFlow und der Umgebung: derselbe Seed ergibt denselben Lauf.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="26"/>
        <source>Time limit is terminal</source>
        <translation>Zeitlimit ist terminal</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="27"/>
        <source>Treat hitting the time limit as a terminal state (Q of the next state = 0), as the notebook&apos;s old gym did. With gamma 1.0, bootstrapping through truncation instead lets Q grow without bound; the tuned preset bootstraps with gamma &lt; 1.</source>
        <translation>Das Erreichen des Zeitlimits als terminalen Zustand behandeln (Q-Wert des Folgezustands = 0), wie das alte gym des Notebooks. Mit gamma 1,0 lässt Bootstrapping über den Abbruch hinweg den Q-Wert unbegrenzt wachsen; die optimierte Voreinstellung bootstrappt mit gamma &lt; 1.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="28"/>
        <source>Gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="29"/>
        <source>Discount factor: how much future reward counts.</source>
        <translation>Diskontierungsfaktor: wie stark zukünftige Belohnung zählt.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="30"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="31"/>
        <source>Learning rate (alpha) of the Adam optimizer.</source>
        <translation>Lernrate (alpha) des Adam-Optimierers.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="32"/>
        <source>Rate schedule</source>
        <translation>Ratenverlauf</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="33"/>
        <source>&apos;constant&apos;: the learning rate stays at alpha (the notebook&apos;s); &apos;linear&apos;: it anneals from alpha to alpha_min over alpha_decay_steps environment steps, counted from the replay start (as epsilon decays; the naive agent from its first step), then stays at alpha_min. The rate is set for each compiled call: the updates of one call share it.</source>
        <translation>&apos;constant&apos;: Die Lernrate bleibt bei alpha (wie im Notebook); &apos;linear&apos;: Sie sinkt von alpha auf alpha_min über alpha_decay_steps Umgebungsschritte, gezählt ab dem Replay-Start (wie Epsilon abnimmt; beim naiven Agenten ab seinem ersten Schritt), und bleibt danach bei alpha_min. Die Rate wird für jeden kompilierten Aufruf gesetzt: Die Updates eines Aufrufs teilen sie.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="34"/>
        <source>Final rate</source>
        <translation>Endrate</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="35"/>
        <source>The learning rate at the end of the linear schedule (at most alpha).</source>
        <translation>Die Lernrate am Ende des linearen Verlaufs (höchstens alpha).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="36"/>
        <source>Rate decay steps</source>
        <translation>Ratenabnahme</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="37"/>
        <source>Environment steps after the replay start over which the linear schedule anneals.</source>
        <translation>Umgebungsschritte nach dem Replay-Start, über die der lineare Verlauf abnimmt.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="38"/>
        <source>Rate × if solved</source>
        <translation>Rate × wenn gelöst</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="39"/>
        <source>While the mean score of the last solved_window training episodes reaches the environment&apos;s threshold (475 on CartPole-v1, 195 on v0), the learning rate is the schedule&apos;s rate times this factor; 1 turns this off. A solved policy then drifts less, and a run that falls back learns at the schedule&apos;s rate again from its next episode (or after solved_fallback_episodes).</source>
        <translation>Solange der mittlere Score der letzten solved_window Trainingsepisoden die Schwelle der Umgebung erreicht (475 bei CartPole-v1, 195 bei v0), ist die Lernrate die Rate des Verlaufs mal diesem Faktor; 1 schaltet das ab. Eine gelöste Policy driftet dann weniger, und ein Lauf, der zurückfällt, lernt ab seiner nächsten Episode wieder mit der Rate des Verlaufs (oder nach solved_fallback_episodes).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="40"/>
        <source>Solved window</source>
        <translation>Gelöst-Fenster</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="41"/>
        <source>Training episodes whose mean score decides whether the run counts as solved for solved_rate_factor.</source>
        <translation>Trainingsepisoden, deren mittlerer Score entscheidet, ob der Lauf für solved_rate_factor als gelöst gilt.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="44"/>
        <source>Fall-back episodes</source>
        <translation>Episoden nach Rückfall</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="45"/>
        <source>After a solved run falls back, the learning rate stays at the schedule&apos;s rate times the square root of solved_rate_factor (10x lower for 0.01, halfway on a log scale) for this many training episodes, unless the run is solved again first; 0 returns to the schedule&apos;s rate at once. One short episode then does not unsettle a solved policy at the full rate.</source>
        <translation>Fällt ein gelöster Lauf zurück, bleibt die Lernrate so viele Trainingsepisoden lang bei der Rate des Verlaufs mal der Quadratwurzel von solved_rate_factor (10-mal kleiner bei 0,01, auf logarithmischer Skala die Mitte), sofern der Lauf nicht vorher wieder gelöst ist; 0 kehrt sofort zur Rate des Verlaufs zurück. Eine einzelne kurze Episode bringt eine gelöste Policy dann nicht mit voller Rate durcheinander.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="46"/>
        <source>Batch size</source>
        <translation>Batch-Größe</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="47"/>
        <source>Transitions per gradient update (the mini-batch).</source>
        <translation>Transitionen pro Gradienten-Update (der Mini-Batch).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="48"/>
        <source>transitions</source>
        <translation>Erfahrungen</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="49"/>
        <source>transition</source>
        <translation>Erfahrung</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="50"/>
        <source>Loss</source>
        <translation>Verlustfunktion</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="51"/>
        <source>Loss between the masked Q output and the target: &apos;mse&apos; (the notebook&apos;s) or &apos;huber&apos;.</source>
        <translation>Verlust zwischen der maskierten Q-Ausgabe und dem Ziel: &apos;mse&apos; (die des Notebooks) oder &apos;huber&apos;.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="52"/>
        <source>Gradient clip</source>
        <translation>Gradienten-Clipping</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="53"/>
        <source>Clip the global gradient norm to this value before each update; 0 turns it off.</source>
        <translation>Die globale Gradientennorm vor jedem Update auf diesen Wert begrenzen; 0 schaltet es ab.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="54"/>
        <source>Train frequency</source>
        <translation>Trainingsfrequenz</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="55"/>
        <source>Train every this many environment steps.</source>
        <translation>Alle so vielen Umgebungsschritte trainieren.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="56"/>
        <source>Gradient steps</source>
        <translation>Gradientenschritte</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="57"/>
        <source>Gradient updates each time the agent trains.</source>
        <translation>Gradienten-Updates bei jedem Training des Agenten.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="58"/>
        <source>Updates per call</source>
        <translation>Updates pro Aufruf</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="59"/>
        <source>Gradient updates batched into one compiled TensorFlow call. The acting weights are refreshed after each call and at every episode start, so acting may lag by up to this many updates. 1 is the notebook&apos;s exact order; 8 to 16 is several times faster.</source>
        <translation>Gradienten-Updates, gebündelt in einen kompilierten TensorFlow-Aufruf. Die Gewichte zum Handeln werden nach jedem Aufruf und zu Beginn jeder Episode erneuert; das Handeln kann also bis zu so viele Updates zurückliegen. 1 ist genau die Reihenfolge des Notebooks; 8 bis 16 ist um ein Mehrfaches schneller.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="60"/>
        <source>Double DQN</source>
        <translation>Double DQN</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="61"/>
        <source>Choose the next action with the online network and value it with the target network (van Hasselt et al. 2016). DQN only.</source>
        <translation>Die nächste Aktion mit dem Online-Netz wählen und mit dem Zielnetz (Target-Network) bewerten (van Hasselt et al. 2016). Nur DQN.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="62"/>
        <source>Epsilon</source>
        <translation>Epsilon</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="63"/>
        <source>Exploration rate: probability of a random action. Changing it during a run sets the current value.</source>
        <translation>Explorationsrate (epsilon-greedy): Wahrscheinlichkeit einer zufälligen Aktion. Eine Änderung während eines Laufs setzt den aktuellen Wert.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="64"/>
        <source>Epsilon min</source>
        <translation>Epsilon min</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="65"/>
        <source>Lower bound of epsilon.</source>
        <translation>Untergrenze von Epsilon.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="66"/>
        <source>Epsilon decay</source>
        <translation>Epsilon-Abnahme</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="67"/>
        <source>Decay of epsilon per training step, once replay has started.</source>
        <translation>Abnahme von Epsilon pro Trainingsschritt, sobald das Replay begonnen hat.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="68"/>
        <source>Epsilon schedule</source>
        <translation>Epsilon-Verlauf</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="69"/>
        <source>&apos;multiplicative&apos;: eps = max(eps_min, eps * (1 - decay)) (the notebook&apos;s); &apos;linear&apos;: eps = max(eps_min, eps - decay).</source>
        <translation>&apos;multiplicative&apos;: eps = max(eps_min, eps * (1 - decay)) (der des Notebooks); &apos;linear&apos;: eps = max(eps_min, eps - decay).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="70"/>
        <source>Memory size</source>
        <translation>Memory-Größe</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="71"/>
        <source>Capacity of the DQN replay memory (a ring buffer); the naive agent keeps one batch.</source>
        <translation>Kapazität des DQN-Replay-Memory (ein Ringpuffer); der naive Agent behält einen Batch.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="72"/>
        <source>Start replay at</source>
        <translation>Replay beginnt bei</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="73"/>
        <source>Environment steps played before learning starts (DQN).</source>
        <translation>Umgebungsschritte, die gespielt werden, bevor das Lernen beginnt (DQN).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="74"/>
        <source>Target update</source>
        <translation>Zielnetz-Update</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="75"/>
        <source>&apos;hard&apos;: copy the online weights to the target network every N steps (the notebook&apos;s); &apos;soft&apos;: move the target towards the online weights by tau at every update. DQN only.</source>
        <translation>&apos;hard&apos;: die Online-Gewichte alle N Schritte ins Zielnetz kopieren (wie im Notebook); &apos;soft&apos;: das Zielnetz bei jedem Update um tau zu den Online-Gewichten hin verschieben. Nur DQN.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="76"/>
        <source>Target sync every</source>
        <translation>Zielnetz-Abgleich alle</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="77"/>
        <source>Steps between hard target-network syncs (DQN).</source>
        <translation>Schritte zwischen harten Abgleichen des Zielnetzes (DQN).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="78"/>
        <source>Tau</source>
        <translation>Tau</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="79"/>
        <source>Soft target update rate: target = tau * online + (1 - tau) * target.</source>
        <translation>Rate des weichen Zielnetz-Updates: Ziel = tau * online + (1 - tau) * Ziel.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="80"/>
        <source>Hidden layers</source>
        <translation>Verborgene Schichten</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="81"/>
        <source>Units of each hidden Dense relu layer; the notebook has two of 32.</source>
        <translation>Neuronen jeder verborgenen Dense-relu-Schicht; das Notebook hat zwei mit 32.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="82"/>
        <source>Dueling head</source>
        <translation>Dueling-Kopf</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="83"/>
        <source>Split the output into a state value and action advantages (Wang et al. 2016).</source>
        <translation>Die Ausgabe in einen Zustandswert und Aktionsvorteile aufteilen (Wang et al. 2016).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="84"/>
        <source>Initialisation</source>
        <translation>Initialisierung</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="85"/>
        <source>Initial weights: &apos;keras&apos; (glorot-uniform kernels, zero biases: Keras&apos; default and the notebook&apos;s) or &apos;torch&apos; (PyTorch&apos;s nn.Linear default: kernels and biases uniform in +-1/sqrt(fan_in)).</source>
        <translation>Anfangsgewichte: &apos;keras&apos; (Glorot-uniforme Gewichte, Bias null: der Standard von Keras und des Notebooks) oder &apos;torch&apos; (Standard von PyTorchs nn.Linear: Gewichte und Bias gleichverteilt in +-1/sqrt(fan_in)).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="86"/>
        <source>Evaluate every</source>
        <translation>Evaluieren alle</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="87"/>
        <source>Run a greedy evaluation every this many environment steps on a separate environment (0: never). Evaluation k plays eval_episodes episodes with the reset seeds 10000 + k * eval_episodes onwards: new start states each time, the same for every run.</source>
        <translation>Alle so viele Umgebungsschritte eine greedy Evaluierung in einer eigenen Umgebung (0: nie). Evaluierung k spielt eval_episodes Episoden mit den Reset-Seeds ab 10000 + k * eval_episodes: jedes Mal neue Startzustände, für jeden Lauf dieselben.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="88"/>
        <source>Evaluation episodes</source>
        <translation>Evaluierungsepisoden</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="89"/>
        <source>Greedy episodes in each periodic evaluation.</source>
        <translation>Greedy Episoden jeder periodischen Evaluierung.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="42"/>
        <source>episodes</source>
        <translation>Episoden</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="43"/>
        <source>episode</source>
        <translation>Episode</translation>
    </message>
</context>
<context>
    <name>ConfigError</name>
    <message>
        <location filename="config_strings.py" line="90"/>
        <source>A config must be a JSON object, not {kind}.</source>
        <translation>Eine Konfiguration muss ein JSON-Objekt sein, nicht {kind}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="91"/>
        <source>Unknown setting(s) {names}; known settings are {known}.</source>
        <translation>Unbekannte Einstellung(en) {names}; bekannte Einstellungen sind {known}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="92"/>
        <source>Unknown setting {name}; known settings are {known}.</source>
        <translation>Unbekannte Einstellung {name}; bekannte Einstellungen sind {known}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="93"/>
        <source>{field} {value} must not exceed {other} {limit}.</source>
        <translation>{field} {value} darf {other} {limit} nicht übersteigen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="94"/>
        <source>{field} {value} must be at least {other} {limit}: replay samples a full batch.</source>
        <translation>{field} {value} muss mindestens {other} {limit} sein: das Replay zieht einen vollen Mini-Batch.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="95"/>
        <source>{field} needs a target network; the naive agent has none.</source>
        <translation>{field} braucht ein Zielnetz (Target-Network); der naive Agent hat keines.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="96"/>
        <source>{field} {value} must be a multiple of {other} {limit} (or divide it): otherwise the leftover updates of each training call wait for the next one.</source>
        <translation>{field} {value} muss ein Vielfaches von {other} {limit} sein (oder es teilen): sonst warten die übrigen Updates jedes Trainingsaufrufs auf den nächsten.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="97"/>
        <source>{field} must be true or false, not {value}.</source>
        <translation>{field} muss wahr oder falsch sein, nicht {value}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="98"/>
        <source>{field} must be a non-empty text, not {value}.</source>
        <translation>{field} muss ein nicht leerer Text sein, nicht {value}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="99"/>
        <source>{field} must be one of {choices}, not {value}.</source>
        <translation>{field} muss eines von {choices} sein, nicht {value}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="100"/>
        <source>{field} {value} is not a Gymnasium environment id.</source>
        <translation>{field} {value} ist keine Gymnasium-Umgebungs-ID.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="101"/>
        <source>{field} must be 1 to 6 layer sizes, each from 1 to 1024, not {value}.</source>
        <translation>{field} müssen 1 bis 6 Schichtgrößen sein, jede von 1 bis 1024, nicht {value}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="102"/>
        <source>{field} needs 1 to 6 layer sizes, each from 1 to 1024 (e.g. 32, 32).</source>
        <translation>{field} braucht 1 bis 6 Schichtgrößen, jede von 1 bis 1024 (z. B. 32, 32).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="103"/>
        <source>{field} must be a whole number, not {value}.</source>
        <translation>{field} muss eine ganze Zahl sein, nicht {value}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="104"/>
        <source>{field} must be a number, not {value}.</source>
        <translation>{field} muss eine Zahl sein, nicht {value}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="105"/>
        <source>{field} must be a finite number, not {value}.</source>
        <translation>{field} muss eine endliche Zahl sein, nicht {value}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="106"/>
        <source>{field} must be between {low} and {high}, not {value}.</source>
        <translation>{field} muss zwischen {low} und {high} liegen, nicht {value}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="107"/>
        <source>{field} must be comma-separated layer sizes, not {value}.</source>
        <translation>{field} müssen durch Kommas getrennte Schichtgrößen sein, nicht {value}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="108"/>
        <source>--set expects KEY=VALUE, not {value}.</source>
        <translation>--set erwartet SCHLÜSSEL=WERT, nicht {value}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="109"/>
        <source>{fields} cannot change during a run; stop the run first.</source>
        <translation>{fields} kann sich während eines Laufs nicht ändern; erst den Lauf stoppen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="110"/>
        <source>{fields} cannot change during a run of several seeds; stop the run first.</source>
        <translation>{fields} kann sich während eines Laufs mit mehreren Seeds nicht ändern; zuerst den Lauf stoppen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="111"/>
        <source>{field} {value} is not an installed Gymnasium environment ({reason}).</source>
        <translation>{field} {value} ist keine installierte Gymnasium-Umgebung ({reason}).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="112"/>
        <source>{field} {value} has observation space {space}; DQN Lab needs a one-dimensional Box.</source>
        <translation>{field} {value} hat den Beobachtungsraum {space}; DQN Lab braucht eine eindimensionale Box.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="113"/>
        <source>{field} {value} has action space {space}; DQN Lab needs Discrete actions.</source>
        <translation>{field} {value} hat den Aktionsraum {space}; DQN Lab braucht diskrete Aktionen (Discrete).</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <location filename="config_strings.py" line="114"/>
        <source>This run&apos;s mean of the last 100 episodes is {mean} against {threshold}: the notebook&apos;s values (preset &quot;Notebook&quot;) did not pass its check. Measured over seeds 0-9 they pass for none (a mean of 177 over the ten), because the policy keeps oscillating late in the run. The preset &quot;Notebook, fixed&quot; (gamma 0.99, learning rate 0.00025, target sync every 100 steps, double DQN, a 1000x lower rate once the last 10 episodes average 195) passes for 90 of the 100 seeds 0-99; README.md, section &apos;Learning&apos;, has the measurements and what each change does.</source>
        <translation>Das Mittel der letzten 100 Episoden dieses Laufs ist {mean} bei {threshold}: die Werte des Notebooks (Voreinstellung „Notebook“) haben seine Prüfung nicht bestanden. Über die Seeds 0-9 gemessen bestehen sie für keinen (ein Mittel von 177 über die zehn), weil die Policy spät im Lauf weiter schwankt. Die Voreinstellung „Notebook, korrigiert“ (Gamma 0,99, Lernrate 0,00025, Zielnetz-Abgleich alle 100 Schritte, Double DQN, eine 1000-mal kleinere Rate, sobald die letzten 10 Episoden im Mittel 195 erreichen) besteht für 90 der 100 Seeds 0-99; README.md, Abschnitt „Learning“, enthält die Messungen und was jede Änderung bewirkt.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="115"/>
        <source>Training stopped: {seen}; {cause}. The last good state is kept (the refused update was not applied).</source>
        <translation>Training gestoppt: {seen}; {cause}. Der letzte gute Zustand bleibt erhalten (das abgelehnte Update wurde nicht angewandt).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="116"/>
        <source>Q values reached {q_max:.4g}, beyond the bound {q_limit:.4g}</source>
        <translation>die Q-Werte erreichten {q_max:.4g}, jenseits der Schranke {q_limit:.4g}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="117"/>
        <source>the loss or the weights became non-finite (NaN or infinity)</source>
        <translation>der Verlust oder die Gewichte wurden nicht endlich (NaN oder unendlich)</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="118"/>
        <source>gamma 1.0 with bootstrapping through the time limit lets Q grow without bound: lower gamma or count the time limit as terminal</source>
        <translation>Gamma 1,0 mit Bootstrapping über das Zeitlimit hinweg lässt Q unbeschränkt wachsen: Gamma senken oder das Zeitlimit als terminal zählen</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="119"/>
        <source>the learning rate {lr:g} is likely too high: lower alpha</source>
        <translation>die Lernrate {lr:g} ist wahrscheinlich zu hoch: Alpha senken</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="120"/>
        <source>gamma 1.0 bounds Q only by the episode length: try gamma 0.99</source>
        <translation>Gamma 1,0 beschränkt Q nur durch die Episodenlänge: Gamma 0,99 versuchen</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="121"/>
        <source>the learning rate {lr:g} is the likely cause: lower alpha, or use the huber loss or a gradient clip</source>
        <translation>die Lernrate {lr:g} ist die wahrscheinliche Ursache: Alpha senken oder den Huber-Verlust oder ein Gradienten-Clipping verwenden</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="122"/>
        <source>Episode {i}/{episodes}: score {score:g}</source>
        <translation>Episode {i}/{episodes}: Score {score:g}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="123"/>
        <source>Frame {count}/{total}</source>
        <translation>Bild {count}/{total}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="124"/>
        <source>Encoding {kind}: {step}</source>
        <translation>Kodiere {kind}: {step}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="125"/>
        <source>Cannot load {path}: {reason}</source>
        <translation>{path} kann nicht geladen werden: {reason}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="126"/>
        <source>Cannot load {path}: not enough memory to read it.</source>
        <translation>{path} kann nicht geladen werden: nicht genug Arbeitsspeicher, um sie zu lesen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="127"/>
        <source>Cannot load {path}: the file is damaged ({error}).</source>
        <translation>{path} kann nicht geladen werden: die Datei ist beschädigt ({error}).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="128"/>
        <source>Cannot save {path}: the agent&apos;s state is not valid: {reason}</source>
        <translation>{path} kann nicht gespeichert werden: der Zustand des Agenten ist ungültig: {reason}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="129"/>
        <source>Loading {path} was cancelled.</source>
        <translation>Das Laden von {path} wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="130"/>
        <source>there is no such file.</source>
        <translation>diese Datei gibt es nicht.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="131"/>
        <source>no permission to read it.</source>
        <translation>keine Berechtigung, sie zu lesen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="132"/>
        <source>it is a folder, not a bundle file.</source>
        <translation>es ist ein Ordner, keine Agentendatei.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="133"/>
        <source>it is not a regular file (a device, pipe or socket).</source>
        <translation>es ist keine gewöhnliche Datei (ein Gerät, eine Pipe oder ein Socket).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="134"/>
        <source>it is {size} bytes; a bundle may have at most {limit}.</source>
        <translation>sie ist {size} Bytes groß; eine Agentendatei darf höchstens {limit} haben.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="135"/>
        <source>it is not a DQN Lab bundle (not a zip file, or cut short).</source>
        <translation>die Datei ist keine DQN-Lab-Agentendatei (keine ZIP-Datei oder unvollständig).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="136"/>
        <source>{name} is damaged: not a zip file, or cut short.</source>
        <translation>{name} ist beschädigt: keine ZIP-Datei oder unvollständig.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="137"/>
        <source>it has no {manifest}; it is not a DQN Lab bundle.</source>
        <translation>ihr fehlt {manifest}; sie ist keine DQN-Lab-Agentendatei.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="138"/>
        <source>it contains {name}, which is not a bundle member (allowed: {allowed}).</source>
        <translation>sie enthält {name}, das nicht in eine Agentendatei gehört (erlaubt: {allowed}).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="139"/>
        <source>{name} is damaged: its SHA-256 does not match the manifest.</source>
        <translation>{name} ist beschädigt: die SHA-256-Prüfsumme passt nicht zum Manifest.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="140"/>
        <source>the manifest lists {listed}, but this bundle needs {needed}.</source>
        <translation>das Manifest nennt {listed}, diese Agentendatei braucht aber {needed}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="141"/>
        <source>it contains {present}, but its manifest needs {needed}.</source>
        <translation>sie enthält {present}, ihr Manifest braucht aber {needed}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="142"/>
        <source>{name} is {size} bytes, but the manifest says {declared}.</source>
        <translation>{name} ist {size} Bytes groß, das Manifest sagt aber {declared}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="143"/>
        <source>it contains {name} twice.</source>
        <translation>sie enthält {name} zweimal.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="144"/>
        <source>{name} is encrypted.</source>
        <translation>{name} ist verschlüsselt.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="145"/>
        <source>{name} holds {got} bytes, not the declared {size}.</source>
        <translation>{name} enthält {got} Bytes statt der angegebenen {size}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="146"/>
        <source>{manifest} is not UTF-8 text.</source>
        <translation>{manifest} ist kein UTF-8-Text.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="147"/>
        <source>{manifest} is not valid JSON ({error}).</source>
        <translation>{manifest} ist kein gültiges JSON ({error}).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="148"/>
        <source>{name} would expand {ratio} times (limit {limit}); this looks like a zip bomb.</source>
        <translation>{name} würde sich auf das {ratio}-Fache entpacken (Grenze {limit}); das sieht nach einer ZIP-Bombe aus.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="149"/>
        <source>{where} has dtype {got}; it must be {dtype} ({name}).</source>
        <translation>{where} hat den Datentyp {got}; nötig ist {dtype} ({name}).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="150"/>
        <source>{where} has shape {got}, but the config needs {shape}.</source>
        <translation>{where} hat die Form {got}, die Konfiguration braucht aber {shape}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="151"/>
        <source>Cannot save: {reason}</source>
        <translation>Speichern nicht möglich: {reason}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="152"/>
        <source>Cannot load {path}: its variables do not match this version&apos;s network (saved with Keras {keras}): {error}</source>
        <translation>{path} kann nicht geladen werden: ihre Variablen passen nicht zum Netz dieser Version (gespeichert mit Keras {keras}): {error}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="153"/>
        <source>Cannot export to {path}: the file name must end in .keras.</source>
        <translation>Export nach {path} nicht möglich: der Dateiname muss auf .keras enden.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="154"/>
        <source>Cannot export to {path}: {reason}.</source>
        <translation>Export nach {path} nicht möglich: {reason}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="155"/>
        <source>manifest.json must hold a JSON object.</source>
        <translation>manifest.json muss ein JSON-Objekt enthalten.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="156"/>
        <source>it is not a DQN Lab agent bundle (format {format}).</source>
        <translation>sie ist keine DQN-Lab-Agentendatei (Format {format}).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="157"/>
        <source>format_version {version} is not a positive whole number.</source>
        <translation>format_version {version} ist keine positive ganze Zahl.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="158"/>
        <source>it was saved in bundle format {version} by a newer DQN Lab; this version reads format {supported}.</source>
        <translation>sie wurde von einem neueren DQN Lab im Dateiformat {version} gespeichert; diese Version liest Format {supported}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="159"/>
        <source>its config is not valid: {error}</source>
        <translation>ihre Konfiguration ist ungültig: {error}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="160"/>
        <source>its environment cannot be used here: {error}</source>
        <translation>ihre Umgebung ist hier nicht verwendbar: {error}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="161"/>
        <source>it was saved for {states} state features and {actions} actions; {env} here has {env_states} and {env_actions}.</source>
        <translation>sie wurde für {states} Zustandsmerkmale und {actions} Aktionen gespeichert; {env} hat hier {env_states} und {env_actions}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="162"/>
        <source>{where} contains NaN or infinite values.</source>
        <translation>{where} enthält NaN oder unendliche Werte.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="163"/>
        <source>{where} has values up to {biggest}; at most {limit} in size is allowed (a larger value is a diverged or damaged run).</source>
        <translation>{where} hat Werte bis {biggest}; erlaubt ist höchstens der Betrag {limit} (ein größerer Wert stammt von einem divergierten oder beschädigten Lauf).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="164"/>
        <source>Cannot save {path}: {detail}</source>
        <translation>{path} kann nicht gespeichert werden: {detail}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="165"/>
        <source>Cannot write {path}: {detail}</source>
        <translation>{path} kann nicht geschrieben werden: {detail}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="166"/>
        <source>Cannot export {path}: {detail}</source>
        <translation>{path} kann nicht exportiert werden: {detail}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="167"/>
        <source>Cannot export to {path}: {detail}</source>
        <translation>Export nach {path} nicht möglich: {detail}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="168"/>
        <source>{reason}.</source>
        <translation>{reason}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="169"/>
        <source>{reason}. The previous file is unchanged.</source>
        <translation>{reason}. Die bisherige Datei ist unverändert.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="170"/>
        <source>{reason} in the folder {folder}.</source>
        <translation>{reason} im Ordner {folder}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="171"/>
        <source>it is {kind}; only a regular file can be replaced, choose a file name.</source>
        <translation>dort ist {kind}; nur eine gewöhnliche Datei kann ersetzt werden, wählen Sie einen Dateinamen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="172"/>
        <source>the folder {folder} does not exist.</source>
        <translation>den Ordner {folder} gibt es nicht.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="173"/>
        <source>the folder {folder} is a file, not a folder.</source>
        <translation>der Ordner {folder} ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="174"/>
        <source>the file is read-only; make it writable or choose another name.</source>
        <translation>die Datei ist schreibgeschützt; heben Sie den Schreibschutz auf oder wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="175"/>
        <source>a folder</source>
        <translation>ein Ordner</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="176"/>
        <source>a named pipe (FIFO)</source>
        <translation>eine benannte Pipe (FIFO)</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="177"/>
        <source>a device</source>
        <translation>ein Gerät</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="178"/>
        <source>a socket</source>
        <translation>ein Socket</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="179"/>
        <source>a special file</source>
        <translation>eine Spezialdatei</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="180"/>
        <source>No space left on device</source>
        <translation>Kein Speicherplatz mehr auf dem Datenträger</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="181"/>
        <source>Disk quota exceeded</source>
        <translation>Speicherkontingent überschritten</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="182"/>
        <source>Permission denied</source>
        <translation>Keine Berechtigung</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="183"/>
        <source>Operation not permitted</source>
        <translation>Vorgang nicht erlaubt</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="184"/>
        <source>Read-only file system</source>
        <translation>Das Dateisystem ist schreibgeschützt</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="185"/>
        <source>File name too long</source>
        <translation>Dateiname zu lang</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="186"/>
        <source>Is a directory</source>
        <translation>Das ist ein Ordner</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="187"/>
        <source>Not a directory</source>
        <translation>Das ist kein Ordner</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="188"/>
        <source>No such file or directory</source>
        <translation>Datei oder Ordner nicht gefunden</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="189"/>
        <source>File too large</source>
        <translation>Datei zu groß</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="190"/>
        <source>Input/output error</source>
        <translation>Ein-/Ausgabefehler</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="191"/>
        <source>not enough memory</source>
        <translation>nicht genug Arbeitsspeicher</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="192"/>
        <source>Preset {file} is larger than 64 KiB; not a preset file.</source>
        <translation>Die Voreinstellung {file} ist größer als 64 KiB; das ist keine Voreinstellungsdatei.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="193"/>
        <source>Preset {file} cannot be read: {error}.</source>
        <translation>Die Voreinstellung {file} kann nicht gelesen werden: {error}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="194"/>
        <source>Preset {file} must be a JSON object with &apos;name&apos;, &apos;description&apos; and a &apos;settings&apos; object.</source>
        <translation>Die Voreinstellung {file} muss ein JSON-Objekt mit &apos;name&apos;, &apos;description&apos; und einem &apos;settings&apos;-Objekt sein.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="195"/>
        <source>Preset {file} has an invalid name {name}.</source>
        <translation>Die Voreinstellung {file} hat einen ungültigen Namen {name}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="196"/>
        <source>Preset {file} has an invalid title {title}.</source>
        <translation>Die Voreinstellung {file} hat einen ungültigen Titel {title}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="197"/>
        <source>Preset {file}: &apos;description&apos; must be text.</source>
        <translation>Voreinstellung {file}: &apos;description&apos; muss ein Text sein.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="198"/>
        <source>Preset {file}: {error}</source>
        <translation>Voreinstellung {file}: {error}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="199"/>
        <source>Unknown preset {name}; choose one of {names}.</source>
        <translation>Unbekannte Voreinstellung {name}; wählen Sie eine von {names}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="200"/>
        <source>Preset name {name} must be 1-64 letters, digits, spaces, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;.</source>
        <translation>Der Name {name} einer Voreinstellung muss aus 1 bis 64 Buchstaben, Ziffern, Leerzeichen, &apos;_&apos;, &apos;.&apos; oder &apos;-&apos; bestehen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="201"/>
        <source>Preset {file} is named {name} like a shipped preset; it is ignored. Give it another &apos;name&apos;.</source>
        <translation>Voreinstellung {file} heißt {name} wie eine mitgelieferte; sie wird ignoriert. Bitte einen anderen &apos;name&apos; geben.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="202"/>
        <source>The bundle has no replay memory: training continues with an empty memory and replay restarts after {refill} new transitions, so the run will not repeat an uninterrupted one exactly.</source>
        <translation>Die Agentendatei hat kein Replay-Memory: das Training geht mit leerem Replay-Memory weiter, und das Replay beginnt erst nach {refill} neuen Transitionen wieder; der Lauf wiederholt einen ununterbrochenen also nicht genau.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="203"/>
        <source>The bundle was saved during an episode: that partial episode is not in the statistics, and training continues with a new episode.</source>
        <translation>Die Agentendatei wurde während einer Episode gespeichert: diese angefangene Episode fehlt in der Statistik, und das Training geht mit einer neuen Episode weiter.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="204"/>
        <source>The bundle&apos;s config lacks {names}; the defaults are used.</source>
        <translation>Der Konfiguration der Agentendatei fehlt {names}; es gelten die Standardwerte.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="205"/>
        <source>{name} {saved} (now {here})</source>
        <translation>{name} {saved} (jetzt {here})</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="206"/>
        <source>The bundle was saved with {changed}; continuing may differ from the original run in the last bits.</source>
        <translation>Die Agentendatei wurde mit {changed} gespeichert; das Weitertrainieren kann in den letzten Bits vom ursprünglichen Lauf abweichen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="207"/>
        <source>The log folder {folder} is a file; choose a folder.</source>
        <translation>Der Protokollordner {folder} ist eine Datei; wählen Sie einen Ordner.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="208"/>
        <source>The folder {folder} already holds a run log ({name}); choose an empty folder or a new one.</source>
        <translation>Der Ordner {folder} enthält schon ein Laufprotokoll ({name}); wählen Sie einen leeren oder einen neuen Ordner.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="209"/>
        <source>{path} has other columns than a DQN Lab run log; it cannot be continued.</source>
        <translation>{path} hat andere Spalten als ein Laufprotokoll von DQN Lab; es kann nicht fortgesetzt werden.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="210"/>
        <source>Cannot write the run log into {folder}: {reason}.</source>
        <translation>Das Laufprotokoll kann nicht in {folder} geschrieben werden: {reason}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="211"/>
        <source>Run logging stopped: cannot write into {folder} ({reason}). Training goes on.</source>
        <translation>Protokollierung des Laufs beendet: {folder} ist nicht beschreibbar ({reason}). Das Training geht weiter.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="212"/>
        <source>A study name is 1 to 100 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos; starting with a letter or digit, not {name!r}.</source>
        <translation>Ein Studienname besteht aus 1 bis 100 Buchstaben, Ziffern, &apos;_&apos;, &apos;.&apos; oder &apos;-&apos; und beginnt mit einem Buchstaben oder einer Ziffer, nicht {name!r}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="213"/>
        <source>The storage is empty; give a journal file or an Optuna URL.</source>
        <translation>Der Speicher ist leer; geben Sie eine Journal-Datei oder eine Optuna-URL an.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="214"/>
        <source>The storage {path} is a folder; give a journal file.</source>
        <translation>Der Speicher {path} ist ein Ordner; geben Sie eine Journal-Datei an.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="215"/>
        <source>There is no study file {path}.</source>
        <translation>Die Studiendatei {path} gibt es nicht.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="216"/>
        <source>Cannot read the study storage {storage}: {reason}.</source>
        <translation>Der Studienspeicher {storage} kann nicht gelesen werden: {reason}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="217"/>
        <source>The storage {storage} needs a driver that is not installed ({reason}); pip install &apos;dqn-lab[{extra}]&apos;.</source>
        <translation>Der Speicher {storage} braucht einen Treiber, der nicht installiert ist ({reason}); pip install &apos;dqn-lab[{extra}]&apos;.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="218"/>
        <source>Cannot reach the study storage {storage}: {reason}.</source>
        <translation>Der Studienspeicher {storage} ist nicht erreichbar: {reason}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="219"/>
        <source>Unknown storage URL scheme {scheme!r} in {storage}; use a journal file, postgresql://, mysql://, sqlite:// or redis://.</source>
        <translation>Unbekanntes URL-Schema {scheme!r} in {storage}; verwenden Sie eine Journal-Datei, postgresql://, mysql://, sqlite:// oder redis://.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="220"/>
        <source>Unknown setting {name!r} in the search space; known settings are {known}.</source>
        <translation>Unbekannte Einstellung {name!r} im Suchraum; bekannte Einstellungen sind {known}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="221"/>
        <source>{field} cannot be searched: {reason}.</source>
        <translation>{field} kann nicht durchsucht werden: {reason}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="222"/>
        <source>{field} takes choices (KEY=V1,V2), not a range.</source>
        <translation>{field} nimmt eine Auswahl (KEY=V1,V2), keinen Bereich.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="223"/>
        <source>Search space: {error}</source>
        <translation>Suchraum: {error}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="224"/>
        <source>{field} is a whole number: its range needs whole-number ends.</source>
        <translation>{field} ist eine ganze Zahl: die Grenzen ihres Bereichs müssen ganze Zahlen sein.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="225"/>
        <source>The range of {field} must have LOW &lt; HIGH, not {low}:{high}.</source>
        <translation>Im Bereich von {field} muss die untere Grenze kleiner als die obere sein, nicht {low}:{high}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="226"/>
        <source>A log range of {field} must start above 0, not at {low}.</source>
        <translation>Ein logarithmischer Bereich von {field} muss über 0 beginnen, nicht bei {low}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="227"/>
        <source>--search expects KEY=LOW:HIGH[:log] or KEY=V1,V2, not {item!r}.</source>
        <translation>--search erwartet KEY=LOW:HIGH[:log] oder KEY=V1,V2, nicht {item!r}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="228"/>
        <source>--search names {field} twice.</source>
        <translation>--search nennt {field} zweimal.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="229"/>
        <source>--search {field}: a range is LOW:HIGH or LOW:HIGH:log, not {spec!r}.</source>
        <translation>--search {field}: ein Bereich ist LOW:HIGH oder LOW:HIGH:log, nicht {spec!r}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="230"/>
        <source>The study&apos;s search space is not a list; not a DQN Lab study.</source>
        <translation>Der Suchraum der Studie ist keine Liste; das ist keine Studie von DQN Lab.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="231"/>
        <source>The study&apos;s search space has a malformed entry.</source>
        <translation>Der Suchraum der Studie hat einen fehlerhaften Eintrag.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="232"/>
        <source>The study&apos;s search space has an unknown kind {kind!r}.</source>
        <translation>Der Suchraum der Studie hat eine unbekannte Art {kind!r}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="233"/>
        <source>The study holds no DQN Lab settings (or a different version).</source>
        <translation>Die Studie enthält keine Einstellungen von DQN Lab (oder die einer anderen Version).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="234"/>
        <source>This compare study was made by an older DQN Lab (one trial per seed); start a new comparison.</source>
        <translation>Diese Vergleichsstudie stammt von einer älteren Version von DQN Lab (ein Versuch pro Seed); beginnen Sie einen neuen Vergleich.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="235"/>
        <source>Unsupported DQN Lab study format {format!r}/{kind!r}.</source>
        <translation>Nicht unterstütztes Studienformat von DQN Lab: {format!r}/{kind!r}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="236"/>
        <source>The study&apos;s settings are not valid: {error}</source>
        <translation>Die Einstellungen der Studie sind ungültig: {error}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="237"/>
        <source>The study&apos;s seeds must be 1 to 100 whole numbers.</source>
        <translation>Die Seeds der Studie müssen 1 bis 100 ganze Zahlen sein.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="238"/>
        <source>The study&apos;s evaluation settings are not valid.</source>
        <translation>Die Evaluationseinstellungen der Studie sind ungültig.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="239"/>
        <source>The study&apos;s sampler or pruner is unknown.</source>
        <translation>Sampler oder Pruner der Studie sind unbekannt.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="240"/>
        <source>The objective must be one of {choices}, not {name!r}.</source>
        <translation>Das Ziel muss eines von {choices} sein, nicht {name!r}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="241"/>
        <source>The {objective} objective needs periodic evaluations: set eval_every above 0 (e.g. --set eval_every=512).</source>
        <oldsource>The evals objective needs periodic evaluations: set eval_every above 0 (e.g. --set eval_every=512).</oldsource>
        <translation>Das Ziel {objective} braucht regelmäßige Auswertungen: eval_every über 0 setzen (z. B. --set eval_every=512).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="242"/>
        <source>The {objective} objective needs an environment with a positive reward threshold; {env} has {threshold}.</source>
        <oldsource>The evals objective needs an environment with a positive reward threshold; {env} has {threshold}.</oldsource>
        <translation>Das Ziel {objective} braucht eine Umgebung mit positiver Belohnungsschwelle; {env} hat {threshold}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="243"/>
        <source>No periodic evaluation ran: eval_every {every} is above the run&apos;s environment steps.</source>
        <translation>Es lief keine regelmäßige Auswertung: eval_every {every} liegt über den Umgebungsschritten des Laufs.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="244"/>
        <source>A configuration name must be a short plain name, not {name!r}.</source>
        <translation>Der Name einer Konfiguration muss ein kurzer, einfacher Name sein, nicht {name!r}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="245"/>
        <source>Study {name!r} is a search, not a comparison; open it in the Study window.</source>
        <translation>Studie {name!r} ist eine Suche, kein Vergleich; im Studienfenster öffnen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="246"/>
        <source>The grid sampler needs choices (KEY=V1,V2), not ranges: {fields}.</source>
        <translation>Der Grid-Sampler braucht eine Auswahl (KEY=V1,V2), keine Bereiche: {fields}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="247"/>
        <source>The sampler must be one of {choices}, not {name!r}.</source>
        <translation>Der Sampler muss einer von {choices} sein, nicht {name!r}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="248"/>
        <source>The pruner must be one of {choices}, not {name!r}.</source>
        <translation>Der Pruner muss einer von {choices} sein, nicht {name!r}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="249"/>
        <source>Study {name!r} was not made by DQN Lab (no settings).</source>
        <translation>Die Studie {name!r} stammt nicht von DQN Lab (keine Einstellungen).</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="250"/>
        <source>Study {name!r} already exists with a different {difference}; choose another --study name or leave those options out to continue it.</source>
        <translation>Die Studie {name!r} gibt es schon, aber mit anderem Plan – {difference}; wählen Sie einen anderen Studiennamen, oder öffnen Sie die Studie mit ihren eigenen Einstellungen, um sie fortzusetzen.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="251"/>
        <source>kind ({stored}, not {asked})</source>
        <translation>Art: {stored}, nicht {asked}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="252"/>
        <source>search space ({space})</source>
        <translation>Suchraum: {space}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="253"/>
        <source>set of configurations or seeds</source>
        <translation>andere Konfigurationen oder Seeds</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="254"/>
        <source>objective ({stored}, not {asked})</source>
        <translation>Ziel ({stored}, nicht {asked})</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="255"/>
        <source>There is no study {name!r} in this storage.</source>
        <translation>In diesem Speicher gibt es keine Studie {name!r}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="256"/>
        <source>Trial {number} has no known configuration.</source>
        <translation>Versuch {number} hat keine bekannte Konfiguration.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="257"/>
        <source>Trial {number}&apos;s parameters lie outside the search space.</source>
        <translation>Die Parameter von Versuch {number} liegen außerhalb des Suchraums.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="258"/>
        <source>Trial {number}: {error}</source>
        <translation>Versuch {number}: {error}</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="259"/>
        <source>The study has no finished trial to save as a preset.</source>
        <translation>Die Studie hat keinen fertigen Versuch, der als Voreinstellung gespeichert werden könnte.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="260"/>
        <source>the seeds of a trial come from --seeds</source>
        <translation>die Seeds eines Versuchs kommen aus --seeds</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="261"/>
        <source>a study tunes one environment; set it with --env</source>
        <translation>eine Studie stimmt eine Umgebung ab; diese wird mit --env gewählt</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="262"/>
        <source>agents must be a comma-separated list of {known}, not {agents!r}.</source>
        <translation>Agenten müssen eine durch Kommas getrennte Liste aus {known} sein, nicht {agents!r}.</translation>
    </message>
    <message>
        <location filename="config_strings.py" line="263"/>
        <source>agents lists a configuration twice: {agents!r}.</source>
        <translation>Die Agenten nennen eine Konfiguration zweimal: {agents!r}.</translation>
    </message>
</context>
<context>
    <name>Features</name>
    <message>
        <location filename="../../gui/i18n.py" line="402"/>
        <source>cart position</source>
        <translation>Wagenposition</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="403"/>
        <source>cart velocity</source>
        <translation>Wagengeschwindigkeit</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="404"/>
        <source>pole angle</source>
        <translation>Stabwinkel</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="405"/>
        <source>pole angular velocity</source>
        <translation>Winkelgeschw. Stab</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <location filename="../../gui/file_actions.py" line="54"/>
        <source>DQN Lab agents (*{0});;All files (*)</source>
        <translation>DQN-Lab-Agenten (*{0});;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="114"/>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="116"/>
        <source>Open a saved agent (.dqnlab) to watch, evaluate or train further</source>
        <translation>Einen gespeicherten Agenten (.dqnlab) öffnen, um ihn zu beobachten, zu evaluieren oder weiter zu trainieren</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="121"/>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="123"/>
        <source>Save the run&apos;s agent, statistics and replay memory (during a run: at the next safe point)</source>
        <translation>Agent, Statistik und Replay-Memory des Laufs speichern (während eines Laufs: am nächsten sicheren Punkt)</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="130"/>
        <source>Save As…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="132"/>
        <source>Save the run under a new name</source>
        <translation>Den Lauf unter einem neuen Namen speichern</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="135"/>
        <source>Save all seeds…</source>
        <translation>Alle Seeds speichern…</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="137"/>
        <source>A run of several seeds: save every seed&apos;s agent into a folder, one bundle each (during a run: at the next safe point)</source>
        <translation>Ein Lauf mit mehreren Seeds: den Agenten jedes Seeds in einen Ordner speichern, je eine Datei (während eines Laufs: am nächsten sicheren Punkt)</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="145"/>
        <source>Autosave best agent</source>
        <translation>Besten Agenten automatisch speichern</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="147"/>
        <source>When a greedy evaluation beats the best so far, save that agent as &apos;&lt;run&gt;-best.dqnlab&apos; beside the last save (or in the app&apos;s data folder)</source>
        <translation>Wenn eine greedy Evaluation das bisher beste Ergebnis übertrifft, diesen Agenten als &apos;&lt;run&gt;-best.dqnlab&apos; neben der letzten Speicherung ablegen (oder im Datenordner der App)</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="155"/>
        <source>Log runs to folder…</source>
        <translation>Läufe in Ordner protokollieren…</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="167"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="227"/>
        <source>Open agent</source>
        <translation>Agent öffnen</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="236"/>
        <source>Save agent</source>
        <translation>Agent speichern</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="247"/>
        <source>The run of {0} seeds is not saved (or only the seed shown is). Save every seed into a folder before the run is closed or replaced?</source>
        <translation>Der Lauf mit {0} Seeds ist nicht gespeichert (oder nur der angezeigte Seed). Jeden Seed in einen Ordner speichern, bevor der Lauf geschlossen oder ersetzt wird?</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="259"/>
        <source>The run has not been saved. Save it before it is closed or replaced?</source>
        <translation>Der Lauf wurde noch nicht gespeichert. Vor dem Schließen oder Ersetzen speichern?</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="265"/>
        <source>Training waits meanwhile.</source>
        <translation>Das Training wartet so lange.</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="268"/>
        <source>Unsaved run</source>
        <translation>Ungespeicherter Lauf</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="253"/>
        <source>The run has trained since it was last saved. Save it before it is closed or replaced?</source>
        <translation>Der Lauf hat seit dem letzten Speichern weiter trainiert. Vor dem Schließen oder Ersetzen speichern?</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="278"/>
        <source>Log runs to folder</source>
        <translation>Läufe in Ordner protokollieren</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="307"/>
        <source>Each run writes statistics.csv and TensorBoard files into a new folder inside {0}</source>
        <translation>Jeder Lauf schreibt statistics.csv und TensorBoard-Dateien in einen neuen Ordner in {0}</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="312"/>
        <source>Write each run&apos;s statistics.csv and TensorBoard files into a new folder inside a folder you choose</source>
        <translation>statistics.csv und TensorBoard-Dateien jedes Laufs in einen neuen Ordner innerhalb eines gewählten Ordners schreiben</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="332"/>
        <source>Stop the run before opening another agent.</source>
        <translation>Stoppen Sie den Lauf, bevor Sie einen anderen Agenten öffnen.</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="336"/>
        <location filename="../../gui/file_actions.py" line="349"/>
        <source>Another agent is being opened: wait or cancel it.</source>
        <translation>Ein anderer Agent wird gerade geöffnet: warten oder abbrechen.</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="343"/>
        <source>Opening {0}…</source>
        <translation>Öffne {0}…</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="503"/>
        <source>{0} of {1} episodes done, Start continues training</source>
        <translation>{0} von {1} Episoden fertig, Start trainiert weiter</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="507"/>
        <source>all {0} episodes done, set Episodes above {0} to train further</source>
        <translation>alle {0} Episoden fertig; Episoden über {0} setzen, um weiter zu trainieren</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="514"/>
        <source>Opened {0} ({1}). {2}. {3}</source>
        <translation>{0} geöffnet ({1}). {2}. {3}</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="486"/>
        <location filename="../../gui/file_actions.py" line="533"/>
        <source>Cannot open the agent</source>
        <translation>Der Agent kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="542"/>
        <source>Opening {0} was cancelled.</source>
        <translation>Öffnen von {0} wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="561"/>
        <source>Save all seeds into folder</source>
        <translation>Alle Seeds in Ordner speichern</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="590"/>
        <source>Replace files?</source>
        <translation>Dateien ersetzen?</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="591"/>
        <source>{0} holds {1} already. Replace them?</source>
        <translation>In {0} liegen schon {1}. Ersetzen?</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="643"/>
        <source>Cannot save the run</source>
        <translation>Der Lauf kann nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="644"/>
        <source>The run ended before its state could be kept; nothing was written.</source>
        <translation>Der Lauf endete, bevor sein Zustand festgehalten werden konnte; nichts wurde geschrieben.</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="679"/>
        <source>Clear recent files</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="705"/>
        <source>unsaved run</source>
        <translation>ungespeicherter Lauf</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <location filename="../../gui/file_actions.py" line="83"/>
        <source>Reading {0}…</source>
        <translation>Lese {0}…</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="91"/>
        <source>Checking the agent…</source>
        <translation>Prüfe den Agenten…</translation>
    </message>
    <message>
        <location filename="../../gui/file_actions.py" line="97"/>
        <source>Reading its statistics…</source>
        <translation>Lese seine Statistik…</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <location filename="../../gui/jobs.py" line="30"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../../gui/jobs.py" line="142"/>
        <location filename="../../gui/status.py" line="342"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../../gui/i18n.py" line="106"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="109"/>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="122"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="123"/>
        <source>The language changes when DQN Lab starts next time.</source>
        <translation>Die Sprache wechselt beim nächsten Start von DQN Lab.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/dock_layout.py" line="400"/>
        <source>Hint</source>
        <extracomment>A window manager&apos;s frame (width, height) before it is known: borders and a title bar.</extracomment>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../../gui/dock_layout.py" line="409"/>
        <source>Got it</source>
        <translation>Verstanden</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="51"/>
        <source>Press &lt;b&gt;Start&lt;/b&gt; (Ctrl+R) to train with the settings on the left (live ones also change a run). Space pauses, Esc stops, Ctrl+E evaluates the greedy policy.</source>
        <translation>&lt;b&gt;Start&lt;/b&gt; (Strg+R) trainiert mit den Einstellungen links (Live-Werte greifen auch im laufenden Training). Leertaste pausiert, Esc stoppt, Strg+E evaluiert.</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="143"/>
        <source>A panel could not be loaded: {0}</source>
        <translation>Ein Bereich konnte nicht geladen werden: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="170"/>
        <source>Reset layout</source>
        <translation>Anordnung zurücksetzen</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="251"/>
        <source>Correct the red settings (or Reset to preset) before Start.</source>
        <translation>Vor dem Start die roten Einstellungen korrigieren (oder auf die Voreinstellung zurücksetzen).</translation>
    </message>
</context>
<context>
    <name>Marks</name>
    <message>
        <location filename="../../gui/change_marks.py" line="112"/>
        <source>episode {0}: {1}</source>
        <translation>Episode {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../gui/change_marks.py" line="118"/>
        <source>… and {0} more</source>
        <translation>… und {0} weitere</translation>
    </message>
    <message>
        <location filename="../../gui/change_marks.py" line="251"/>
        <source>{0} changes</source>
        <translation>{0} Änderungen</translation>
    </message>
</context>
<context>
    <name>Network</name>
    <message>
        <location filename="../../gui/network_panel.py" line="30"/>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="31"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="32"/>
        <source>Output shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="33"/>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="34"/>
        <source>Weight RMS</source>
        <translation>RMS(W)</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="139"/>
        <source>{0} params</source>
        <translation>{0} Par.</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="218"/>
        <source>RMS(W): root mean square of the layer&apos;s kernel weights in the latest snapshot.</source>
        <translation>RMS(W): quadratisches Mittel der Kernel-Gewichte der Schicht im letzten Schnappschuss.</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="223"/>
        <source>Network layers</source>
        <translation>Schichten des Netzes</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="224"/>
        <source>No network yet.</source>
        <translation>Noch kein Netz.</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="261"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="263"/>
        <source>dueling V + A</source>
        <translation>Dueling V + A</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="265"/>
        <source>one linear Q per action</source>
        <translation>ein linearer Q-Wert pro Aktion</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="268"/>
        <source>&lt;b&gt;Total parameters: {0}&lt;/b&gt; (all trainable; the target network is a copy). Hidden layers: {1}; head: {2}; loss {3}. The mask keeps only the taken action&apos;s Q in the loss.</source>
        <translation>&lt;b&gt;Parameter gesamt: {0}&lt;/b&gt; (alle trainierbar; das Zielnetz ist eine Kopie). Verborgene Schichten: {1}; Kopf: {2}; Verlust {3}. Die Maske lässt nur den Q-Wert der gewählten Aktion in den Verlust.</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="300"/>
        <source>, target sync pending</source>
        <translation>, Zielnetz-Abgleich steht an</translation>
    </message>
    <message>
        <location filename="../../gui/network_panel.py" line="302"/>
        <source>{0} gradient updates after {1} steps; ε {2}{3}</source>
        <translation>{0} Gradienten-Updates nach {1} Schritten; ε {2}{3}</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../../gui/dock_layout.py" line="49"/>
        <source>Learning curves</source>
        <translation>Lernkurven</translation>
    </message>
    <message>
        <location filename="../../gui/dock_layout.py" line="50"/>
        <source>Viewport</source>
        <translation>Spielansicht</translation>
    </message>
    <message>
        <location filename="../../gui/dock_layout.py" line="51"/>
        <source>Replay memory</source>
        <translation>Replay-Memory</translation>
    </message>
    <message>
        <location filename="../../gui/dock_layout.py" line="52"/>
        <source>Network</source>
        <translation>Netz</translation>
    </message>
    <message>
        <location filename="../../gui/dock_layout.py" line="53"/>
        <source>Policy map</source>
        <translation>Policy-Karte</translation>
    </message>
    <message>
        <location filename="../../gui/dock_layout.py" line="54"/>
        <source>Compare runs</source>
        <translation>Läufe vergleichen</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="163"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
</context>
<context>
    <name>PlotTable</name>
    <message>
        <location filename="../../gui/plot_table.py" line="104"/>
        <source>{0} as a table</source>
        <translation>{0} als Tabelle</translation>
    </message>
    <message>
        <location filename="../../gui/plot_table.py" line="110"/>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <location filename="../../gui/plot_table.py" line="112"/>
        <location filename="../../gui/plot_table.py" line="121"/>
        <source>Show as table</source>
        <translation>Als Tabelle zeigen</translation>
    </message>
    <message>
        <location filename="../../gui/plot_table.py" line="116"/>
        <source>Show the plotted values as a table (for screen readers and exact numbers)</source>
        <translation>Die gezeichneten Werte als Tabelle zeigen (für Screenreader und genaue Zahlen)</translation>
    </message>
</context>
<context>
    <name>Plots</name>
    <message>
        <location filename="../../gui/plots_panel.py" line="70"/>
        <source>Episode</source>
        <translation>Episode</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="71"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="72"/>
        <source>Mean of last 100</source>
        <translation>Mittel der letzten 100</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="74"/>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="75"/>
        <source>Mean Q</source>
        <translation>Mittlerer Q-Wert</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="76"/>
        <source>Steps/s</source>
        <translation>Schritte/s</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="156"/>
        <source>No run yet.</source>
        <translation>Noch kein Lauf.</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="159"/>
        <location filename="../../gui/plots_panel.py" line="162"/>
        <source>Learning curves</source>
        <translation>Lernkurven</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="225"/>
        <location filename="../../gui/plots_panel.py" line="284"/>
        <source>score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="232"/>
        <source>Loss (log scale)</source>
        <translation>Verlust (log. Skala)</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="233"/>
        <source>Mean Q of taken actions</source>
        <translation>Mittlerer Q-Wert (gewählte Aktionen)</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="234"/>
        <source>Env steps per second (log scale)</source>
        <translation>Schritte pro Sekunde (log. Skala)</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="270"/>
        <source>episode</source>
        <translation>Episode</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="289"/>
        <source>mean of last {0}</source>
        <translation>Mittel der letzten {0}</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="305"/>
        <source>solved threshold</source>
        <translation>Schwelle „gelöst“</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="316"/>
        <source>greedy evaluation (mean, min–max)</source>
        <translation>greedy Evaluation (Mittel, Min–Max)</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="431"/>
        <source>solved: mean ≥ {0}</source>
        <translation>gelöst: Mittel ≥ {0}</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="434"/>
        <source>{0} on {1}: waiting for the first episode…</source>
        <translation>{0} auf {1}: warte auf die erste Episode…</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="450"/>
        <source>, solved at a mean of {0}</source>
        <translation>, gelöst bei einem Mittel von {0}</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="453"/>
        <source>{0} on {1}: {2} episodes{3}. Press Start to train.</source>
        <translation>{0} auf {1}: {2} Episoden{3}. Start beginnt das Training.</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="662"/>
        <source>episode {0}: score {1}, mean of last {2} {3}</source>
        <translation>Episode {0}: Score {1}, Mittel der letzten {2} {3}</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="673"/>
        <source>solved at episode {0}</source>
        <translation>gelöst in Episode {0}</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="681"/>
        <source>{0} env steps, ε {1}</source>
        <translation>{0} Umgebungsschritte, ε {1}</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="688"/>
        <source>collecting: learning starts at step {0}</source>
        <translation>sammelt: Lernen beginnt bei Schritt {0}</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="695"/>
        <source>α {0} (lowered: recent episodes pass)</source>
        <translation>α {0} (gesenkt: letzte Episoden bestehen)</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="697"/>
        <source>α {0} (lowered after a slip)</source>
        <translation>α {0} (gesenkt nach Rückfall)</translation>
    </message>
    <message>
        <location filename="../../gui/plots_panel.py" line="699"/>
        <source>α {0}</source>
        <translation>α {0}</translation>
    </message>
</context>
<context>
    <name>PolicyMap</name>
    <message>
        <location filename="../../gui/policy_map.py" line="55"/>
        <location filename="../../gui/policy_map.py" line="224"/>
        <source>greedy action</source>
        <translation>greedy Aktion</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="56"/>
        <location filename="../../gui/policy_map.py" line="151"/>
        <source>max Q</source>
        <translation>max. Q</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="104"/>
        <source>Colour the slice by the greedy action or by the largest Q value.</source>
        <translation>Den Schnitt nach der greedy Aktion oder nach dem größten Q-Wert färben.</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="108"/>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="112"/>
        <source>No run yet.</source>
        <translation>Noch kein Lauf.</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="121"/>
        <source>Point at the map to read the Q values of a state.</source>
        <translation>Auf die Karte zeigen, um die Q-Werte eines Zustands zu lesen.</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="130"/>
        <source>Show:</source>
        <translation>Zeigen:</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="172"/>
        <source>Policy map</source>
        <translation>Policy-Karte</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="216"/>
        <source>line: decision boundary Q({0}) = Q({1})</source>
        <translation>Linie: Entscheidungsgrenze Q({0}) = Q({1})</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="232"/>
        <source>no other features</source>
        <translation>keine weiteren Merkmale</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="234"/>
        <source>; dashed red: the ±12° failure angle</source>
        <translation>; rot gestrichelt: der Abbruchwinkel ±12°</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="235"/>
        <source>Slice: {0}{1}.</source>
        <translation>Schnitt: {0}{1}.</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="239"/>
        <source>Waiting for the first network snapshot…</source>
        <translation>Warte auf den ersten Schnappschuss des Netzes…</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="248"/>
        <source>No network yet.</source>
        <translation>Noch kein Netz.</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="255"/>
        <source>after {0} episodes, {1} env steps</source>
        <translation>nach {0} Episoden, {1} Umgebungsschritten</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="280"/>
        <source>Cannot evaluate this network on the slice: {0}</source>
        <translation>Dieses Netz kann auf dem Schnitt nicht ausgewertet werden: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/policy_map.py" line="309"/>
        <source>Network {0}; greedy: {1}; max Q {2} … {3}.</source>
        <translation>Netz {0}; greedy: {1}; max. Q {2} … {3}.</translation>
    </message>
</context>
<context>
    <name>PopulationPlot</name>
    <message>
        <location filename="../../gui/population_plot.py" line="99"/>
        <source>mean of {0} seeds (each seed&apos;s mean of last {1})</source>
        <translation>Mittel von {0} Seeds (je Seed Mittel der letzten {1})</translation>
    </message>
    <message>
        <location filename="../../gui/population_plot.py" line="103"/>
        <source>min–max of the seeds</source>
        <translation>Min–Max der Seeds</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <location filename="../../gui/preset_actions.py" line="40"/>
        <source>Your presets cannot be read: {0}.</source>
        <translation>Ihre Voreinstellungen lassen sich nicht lesen: {0}.</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="45"/>
        <source>A preset of yours is named {0} like a built-in one; it is ignored. Give it another &apos;name&apos;.</source>
        <translation>Eine Ihrer Voreinstellungen heißt {0} wie eine eingebaute; sie wird ignoriert. Geben Sie ihr einen anderen „name“.</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="68"/>
        <source>Save settings as preset…</source>
        <translation>Einstellungen als Voreinstellung speichern…</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="70"/>
        <source>Keep the current settings under a name of your own</source>
        <translation>Die aktuellen Einstellungen unter einem eigenen Namen behalten</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="73"/>
        <source>Delete preset…</source>
        <translation>Voreinstellung löschen…</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="75"/>
        <source>Remove one of your presets</source>
        <translation>Eine Ihrer Voreinstellungen entfernen</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="92"/>
        <source>Save settings as preset</source>
        <translation>Einstellungen als Voreinstellung speichern</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="93"/>
        <source>Name of the preset:</source>
        <translation>Name der Voreinstellung:</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="103"/>
        <source>Replace preset</source>
        <translation>Voreinstellung ersetzen</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="104"/>
        <source>Replace your preset {0} with the current settings?</source>
        <translation>Ihre Voreinstellung {0} durch die aktuellen Einstellungen ersetzen?</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="116"/>
        <source>Delete preset</source>
        <translation>Voreinstellung löschen</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="117"/>
        <source>Preset to delete:</source>
        <translation>Zu löschende Voreinstellung:</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="133"/>
        <location filename="../../gui/preset_actions.py" line="146"/>
        <location filename="../../gui/preset_actions.py" line="151"/>
        <source>Cannot save the preset</source>
        <translation>Die Voreinstellung kann nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="134"/>
        <source>{0} is a built-in preset&apos;s name; choose another.</source>
        <translation>{0} ist der Name einer eingebauten Voreinstellung; wählen Sie einen anderen.</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="152"/>
        <source>Cannot write the preset {0}: {1}.</source>
        <translation>Die Voreinstellung {0} kann nicht geschrieben werden: {1}.</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="160"/>
        <source>Preset {0} saved to {1}</source>
        <translation>Voreinstellung {0} in {1} gespeichert</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="168"/>
        <source>You have no presets of your own to delete; save one first.</source>
        <translation>Sie haben keine eigenen Voreinstellungen zum Löschen; speichern Sie zuerst eine.</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="186"/>
        <source>Cannot delete the preset</source>
        <translation>Die Voreinstellung kann nicht gelöscht werden</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="187"/>
        <source>Cannot delete the preset {0}: {1}.</source>
        <translation>Die Voreinstellung {0} kann nicht gelöscht werden: {1}.</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="197"/>
        <source>Preset {0} deleted.</source>
        <translation>Voreinstellung {0} gelöscht.</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="221"/>
        <source>Presets not loaded</source>
        <translation>Voreinstellungen nicht geladen</translation>
    </message>
    <message>
        <location filename="../../gui/preset_actions.py" line="222"/>
        <source>These preset files were skipped:</source>
        <translation>Diese Voreinstellungsdateien wurden übersprungen:</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="235"/>
        <source>Notebook</source>
        <translation>Notebook</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="236"/>
        <source>Notebook, fixed</source>
        <translation>Notebook, korrigiert</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="237"/>
        <source>Tuned</source>
        <translation>Abgestimmt</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="238"/>
        <source>Custom</source>
        <translation>Eigene</translation>
    </message>
</context>
<context>
    <name>Priority</name>
    <message>
        <location filename="../../gui/training_priority.py" line="38"/>
        <source>Training &amp;priority</source>
        <translation>Trainings&amp;priorität</translation>
    </message>
    <message>
        <location filename="../../gui/training_priority.py" line="42"/>
        <source>&amp;Normal (training as fast as headless)</source>
        <translation>&amp;Normal (Training so schnell wie ohne Fenster)</translation>
    </message>
    <message>
        <location filename="../../gui/training_priority.py" line="43"/>
        <source>&amp;Lower (the window first on a busy machine)</source>
        <translation>&amp;Niedriger (das Fenster zuerst auf einem ausgelasteten Rechner)</translation>
    </message>
    <message>
        <location filename="../../gui/training_priority.py" line="46"/>
        <source>Training gets the same share of the CPU as other programs.</source>
        <translation>Das Training bekommt denselben Anteil der CPU wie andere Programme.</translation>
    </message>
    <message>
        <location filename="../../gui/training_priority.py" line="49"/>
        <source>The window stays smoothest, but training slows down a lot while other programs keep the CPU busy. Applies from the next Start.</source>
        <translation>Das Fenster bleibt am flüssigsten, aber das Training wird deutlich langsamer, solange andere Programme die CPU auslasten. Gilt ab dem nächsten Start.</translation>
    </message>
</context>
<context>
    <name>Protocol</name>
    <message>
        <location filename="../../gui/i18n.py" line="334"/>
        <source>no greedy evaluation (training scores only)</source>
        <translation>keine Greedy-Evaluation (nur Trainings-Scores)</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="336"/>
        <source>final policy: 1 greedy episode (no exploration) on a separate environment, evaluation seeds {1}..{2}</source>
        <translation>finale Policy: 1 greedy Episode (ohne Exploration) in einer eigenen Umgebung, Evaluations-Seeds {1}..{2}</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="342"/>
        <source>final policy: {0} greedy episodes (no exploration) on a separate environment, evaluation seeds {1}..{2}</source>
        <translation>finale Policy: {0} greedy Episoden (ohne Exploration) in einer eigenen Umgebung, Evaluations-Seeds {1}..{2}</translation>
    </message>
</context>
<context>
    <name>Replay</name>
    <message>
        <location filename="../../gui/replay_panel.py" line="43"/>
        <source>&lt;b&gt;Naive agent&lt;/b&gt; (the notebook&apos;s &lt;i&gt;AdvancedQAgent&lt;/i&gt;): its memory is only the last mini-batch, {batch} transitions, so every update learns from the most recent, strongly correlated steps.</source>
        <translation>&lt;b&gt;Naiver Agent&lt;/b&gt; (der &lt;i&gt;AdvancedQAgent&lt;/i&gt; des Notebooks): sein Gedächtnis ist nur der letzte Mini-Batch, {batch} Transitionen, also lernt jedes Update aus den jüngsten, stark korrelierten Schritten.</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="50"/>
        <source>DQN&apos;s large replay memory, sampled at random, breaks these correlations; its target network keeps the targets still between syncs.</source>
        <translation>Das große Replay-Memory von DQN, zufällig gezogen, bricht diese Korrelationen; sein Zielnetz hält die Zielwerte zwischen den Abgleichen still.</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="59"/>
        <source>Feature</source>
        <translation>Merkmal</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="60"/>
        <source>Bin from</source>
        <translation>Klasse von</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="61"/>
        <source>Bin to</source>
        <translation>Klasse bis</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="62"/>
        <source>Transitions</source>
        <translation>Transitionen</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="90"/>
        <source>No run yet.</source>
        <extracomment>The settings the panel&apos;s text shows, followed when they change live.</extracomment>
        <translation>Noch kein Lauf.</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="92"/>
        <source>Action balance</source>
        <translation>Verteilung der Aktionen</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="97"/>
        <source>Contents</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="109"/>
        <source>Sampling:</source>
        <translation>Ziehen:</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="111"/>
        <source>Added:</source>
        <translation>Hinzugefügt:</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="112"/>
        <source>Mean reward:</source>
        <translation>Mittlere Belohnung:</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="113"/>
        <source>Terminal:</source>
        <translation>Terminal:</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="115"/>
        <source>Transitions added in total (the memory keeps the newest ones).</source>
        <translation>Insgesamt hinzugefügte Transitionen (das Replay-Memory behält die neuesten).</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="118"/>
        <source>Share of stored transitions that end an episode.</source>
        <translation>Anteil der gespeicherten Transitionen, die eine Episode beenden.</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="120"/>
        <source>Sample ages:</source>
        <translation>Alter:</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="122"/>
        <source>How many transitions were added after the oldest and the newest stored sample.</source>
        <translation>Wie viele Transitionen nach der ältesten und der neuesten gespeicherten hinzukamen.</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="132"/>
        <location filename="../../gui/replay_panel.py" line="138"/>
        <source>State distribution in memory</source>
        <translation>Verteilung der Zustände im Replay-Memory</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="181"/>
        <source>0 / {0} transitions: waiting for the first snapshot…</source>
        <translation>0 / {0} Transitionen: warte auf den ersten Schnappschuss…</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="228"/>
        <source>batch size</source>
        <translation>Batch-Größe</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="318"/>
        <source>{0} / {1} transitions ({2} % full), {3}</source>
        <translation>{0} / {1} Transitionen ({2} % voll), {3}</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="331"/>
        <source>oldest {0}, newest {1}
(transitions ago)</source>
        <translation>älteste {0}, neueste {1}
(Transitionen zurück)</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="346"/>
        <source>every step</source>
        <translation>jeden Schritt</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="348"/>
        <source>every {0} steps</source>
        <translation>alle {0} Schritte</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="351"/>
        <source>the last {0} in order,
{1}</source>
        <translation>die letzten {0} der Reihe nach,
{1}</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="354"/>
        <source>collecting ({0} / {1})</source>
        <translation>sammelt ({0} / {1})</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="356"/>
        <source>learning</source>
        <translation>lernt</translation>
    </message>
    <message>
        <location filename="../../gui/replay_panel.py" line="358"/>
        <source>{0} at random {1};
{2}</source>
        <translation>{0} zufällig {1};
{2}</translation>
    </message>
</context>
<context>
    <name>RunControls</name>
    <message>
        <location filename="../../gui/run_controls.py" line="49"/>
        <source>Naive deep Q agent</source>
        <translation>Naiver Deep-Q-Agent</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="53"/>
        <source>Load the settings of the preset &apos;{}&apos;</source>
        <translation>Die Einstellungen der Voreinstellung &apos;{}&apos; laden</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="72"/>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="74"/>
        <source>Start a new run, or resume a paused one</source>
        <translation>Einen neuen Lauf starten oder einen pausierten fortsetzen</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="77"/>
        <location filename="../../gui/run_controls.py" line="508"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="79"/>
        <source>Pause or resume the run</source>
        <translation>Den Lauf pausieren oder fortsetzen</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="82"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="84"/>
        <source>Stop the run (its results stay)</source>
        <translation>Den Lauf stoppen (seine Ergebnisse bleiben)</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="87"/>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="89"/>
        <source>Stop and clear the run&apos;s data, ready for a new run</source>
        <translation>Stoppen und die Daten des Laufs löschen, bereit für einen neuen Lauf</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="92"/>
        <source>Evaluate</source>
        <translation>Evaluieren</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="94"/>
        <source>Play 10 greedy episodes with the current policy</source>
        <translation>10 greedy Episoden mit der aktuellen Policy spielen</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="97"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="97"/>
        <source>Close DQN Lab</source>
        <translation>DQN Lab schließen</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="100"/>
        <source>Compare runs…</source>
        <translation>Läufe vergleichen…</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="102"/>
        <source>Naive vs DQN (or any settings) over several seeds, in background processes</source>
        <translation>Naiv gegen DQN (oder beliebige Einstellungen) über mehrere Seeds, in Hintergrundprozessen</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="108"/>
        <source>Double DQN</source>
        <translation>Double DQN</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="110"/>
        <source>The online network chooses the next action, the target network values it (DQN only)</source>
        <translation>Das Online-Netz wählt die nächste Aktion, das Zielnetz (Target-Network) bewertet sie (nur DQN)</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="118"/>
        <source>Dueling head</source>
        <translation>Dueling-Kopf</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="120"/>
        <source>Split Q into a state value and action advantages</source>
        <translation>Q in einen Zustandswert und Aktionsvorteile aufteilen</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="125"/>
        <source>Dueling</source>
        <translation>Dueling</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="131"/>
        <source>Study (tune settings)…</source>
        <translation>Studie (Einstellungen optimieren)…</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="133"/>
        <source>Search settings over several seeds with Optuna, in background processes</source>
        <translation>Einstellungen über mehrere Seeds mit Optuna suchen, in Hintergrundprozessen</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="141"/>
        <source>Train the {}</source>
        <translation>{} trainieren</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="146"/>
        <source>Train on {}</source>
        <translation>Auf {} trainieren</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="215"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="217"/>
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="222"/>
        <source>&amp;Agent</source>
        <translation>&amp;Agent</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="226"/>
        <source>&amp;Environment</source>
        <translation>&amp;Umgebung</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="229"/>
        <source>&amp;Preset</source>
        <translation>&amp;Voreinstellung</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="231"/>
        <source>&amp;View</source>
        <translation>A&amp;nsicht</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="232"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="242"/>
        <source>About DQN Lab</source>
        <translation>Über DQN Lab</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="246"/>
        <source>Run controls</source>
        <translation>Laufsteuerung</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="253"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="256"/>
        <source>The learning agent: the notebook&apos;s naive deep Q agent or DQN</source>
        <translation>Der lernende Agent: der naive Deep-Q-Agent des Notebooks oder DQN</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="265"/>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="268"/>
        <source>The Gymnasium environment to train on</source>
        <translation>Die Gymnasium-Umgebung, auf der trainiert wird</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="272"/>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="275"/>
        <source>Load a preset: the notebook&apos;s values (seed), tuned values, or your own</source>
        <translation>Eine Voreinstellung laden: die Werte des Notebooks (seed), optimierte Werte oder Ihre eigenen</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="280"/>
        <source>Seed of Python, NumPy, TensorFlow and the environment: the same seed gives the same run</source>
        <translation>Seed von Python, NumPy, TensorFlow und der Umgebung: derselbe Seed ergibt denselben Lauf</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="295"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="301"/>
        <source>How many seeds to train at once: 1 trains one run; N trains the seeds seed, seed + 1, … together (one population, one update for all), and the score plot shows each seed, their mean and its min–max band</source>
        <translation>Wie viele Seeds gleichzeitig trainiert werden: 1 trainiert einen Lauf; N trainiert die Seeds Seed, Seed + 1, … zusammen (eine Population, ein Update für alle), und der Score-Plot zeigt jeden Seed, ihr Mittel und dessen Min–Max-Band</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="309"/>
        <source>Seeds</source>
        <translation>Seeds</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="310"/>
        <source>The seed that the viewport, policy map, network and curves show, and that Save writes (File &gt; Save all seeds writes every one)</source>
        <translation>Der Seed, den Viewport, Policy-Karte, Netz und Kurven zeigen und den Speichern schreibt (Datei &gt; Alle Seeds speichern schreibt jeden)</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="319"/>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="337"/>
        <source>Member: seed {0}</source>
        <translation>Mitglied: Seed {0}</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="463"/>
        <source>Double DQN turned off: the naive agent has no target network.</source>
        <translation>Double DQN ausgeschaltet: der naive Agent hat kein Zielnetz.</translation>
    </message>
    <message>
        <location filename="../../gui/run_controls.py" line="508"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
</context>
<context>
    <name>RunHooks</name>
    <message>
        <location filename="../../gui/run_hooks.py" line="100"/>
        <location filename="../../gui/run_hooks.py" line="119"/>
        <source>This run is not logged: {0}</source>
        <translation>Dieser Lauf wird nicht protokolliert: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/run_hooks.py" line="105"/>
        <source>Logging this run to {0}</source>
        <translation>Dieser Lauf wird protokolliert in {0}</translation>
    </message>
    <message>
        <location filename="../../gui/run_hooks.py" line="125"/>
        <source>Logging this run&apos;s {0} seeds to {1} (a folder per seed)</source>
        <translation>Die {0} Seeds dieses Laufs werden in {1} protokolliert (ein Ordner pro Seed)</translation>
    </message>
    <message>
        <location filename="../../gui/run_hooks.py" line="136"/>
        <source>The finished run cannot be kept for saving: {0}</source>
        <translation>Der fertige Lauf kann nicht zum Speichern behalten werden: {0}</translation>
    </message>
</context>
<context>
    <name>RunModel</name>
    <message>
        <location filename="../../gui/run_model.py" line="143"/>
        <location filename="../../gui/run_model.py" line="727"/>
        <source>Evaluation failed</source>
        <translation>Evaluation fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="144"/>
        <source>Evaluation failed: {0}</source>
        <translation>Evaluation fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="170"/>
        <source>{0} failed: {1}</source>
        <translation>{0} fehlgeschlagen: {1}</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="242"/>
        <source>The opened run already has {0} episodes: set Episodes above {0} to continue it (e.g. {1} for {0} more), or Reset to start a new run.</source>
        <translation>Der geöffnete Lauf hat schon {0} Episoden: Episoden über {0} setzen, um ihn fortzusetzen (z. B. {1} für {0} weitere), oder Zurücksetzen für einen neuen Lauf.</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="271"/>
        <source>The opened run is complete</source>
        <translation>Der geöffnete Lauf ist vollständig</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="347"/>
        <source>Several seeds start a new run</source>
        <translation>Mehrere Seeds starten einen neuen Lauf</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="431"/>
        <source>Saving {0} seeds to {1} at the next safe point…</source>
        <translation>{0} Seeds werden am nächsten sicheren Punkt in {1} gespeichert…</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="453"/>
        <source>Saved {0} of {1} seeds to {2}</source>
        <translation>{0} von {1} Seeds in {2} gespeichert</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="603"/>
        <location filename="../../gui/run_model.py" line="618"/>
        <source>Evaluating the greedy policy…</source>
        <translation>Evaluiere die greedy Policy…</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="644"/>
        <source>Greedy evaluation after episode {0}: mean {1} over {2} episodes</source>
        <translation>Greedy-Evaluation nach Episode {0}: Mittel {1} über {2} Episoden</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="648"/>
        <source>{0}; ended: {1}</source>
        <translation>{0}; Ende: {1}</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="705"/>
        <source>Episode {0}: {1}</source>
        <translation>Episode {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="729"/>
        <source>The run stopped with an error</source>
        <translation>Der Lauf wurde mit einem Fehler beendet</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="745"/>
        <source>Training stopped</source>
        <translation>Training gestoppt</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="755"/>
        <source>The notebook&apos;s check did not pass</source>
        <translation>Die Prüfung des Notebooks wurde nicht bestanden</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="895"/>
        <location filename="../../gui/run_model.py" line="927"/>
        <location filename="../../gui/run_model.py" line="955"/>
        <source>Autosave of the best agent failed</source>
        <translation>Automatisches Speichern des besten Agenten fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="896"/>
        <source>Cannot create {0}: {1}.</source>
        <translation>{0} kann nicht angelegt werden: {1}.</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="909"/>
        <source>Saving to {0} at the next safe point…</source>
        <translation>Speichere am nächsten sicheren Punkt nach {0}…</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="945"/>
        <location filename="../../gui/run_model.py" line="983"/>
        <source>{0} episodes ({1})</source>
        <translation>{0} Episoden ({1})</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="997"/>
        <source>(this seed only: File &gt; Save all seeds writes every one)</source>
        <translation>(nur dieser Seed: Datei &gt; Alle Seeds speichern schreibt jeden)</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="439"/>
        <location filename="../../gui/run_model.py" line="914"/>
        <source>Nothing to save yet: train a run or open an agent first.</source>
        <translation>Noch nichts zu speichern: erst einen Lauf trainieren oder einen Agenten öffnen.</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="234"/>
        <source>New run: the opened agent cannot go on with other {0}.</source>
        <translation>Neuer Lauf: Der geöffnete Agent kann mit anderen Werten für {0} nicht weitermachen.</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="251"/>
        <source>Continuing the opened run after its episode {0}.</source>
        <translation>Der geöffnete Lauf wird nach seiner Episode {0} fortgesetzt.</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="340"/>
        <source>Continuing an opened run is for one seed only: set Seeds to 1 and Start to continue it after its episode {0}, or press Start again to train {1} seeds from scratch with these settings (the opened file is not changed).</source>
        <translation>Einen geöffneten Lauf fortsetzen geht nur mit einem Seed: Seeds auf 1 stellen und Start drücken, um ihn nach seiner Episode {0} fortzusetzen, oder erneut Start drücken, um {1} Seeds mit diesen Einstellungen neu zu trainieren (die geöffnete Datei bleibt unverändert).</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="448"/>
        <location filename="../../gui/run_model.py" line="929"/>
        <location filename="../../gui/run_model.py" line="957"/>
        <source>Saving failed</source>
        <translation>Speichern fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="812"/>
        <source>Learning had not started</source>
        <translation>Das Lernen hatte nicht begonnen</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="813"/>
        <source>The run ended after {0} steps, before learning starts at step {1} ({2}): until then the agent acts at random and nothing is learned. Raise {3} or lower {2}.</source>
        <translation>Der Lauf endete nach {0} Schritten, bevor das Lernen bei Schritt {1} beginnt ({2}): Bis dahin handelt der Agent zufällig und lernt nichts. {3} erhöhen oder {2} senken.</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="937"/>
        <location filename="../../gui/run_model.py" line="963"/>
        <source>New best greedy mean: the agent after {0} episodes is saved to {1}</source>
        <translation>Neues bestes greedy Mittel: der Agent nach {0} Episoden ist in {1} gespeichert</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="970"/>
        <source>Saved {0} episodes to {1}</source>
        <translation>{0} Episoden in {1} gespeichert</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="977"/>
        <source>(inside an episode: continuing starts a new one)</source>
        <translation>(mitten in einer Episode: Fortsetzen beginnt eine neue)</translation>
    </message>
    <message>
        <location filename="../../gui/run_model.py" line="995"/>
        <source>Saved {0} to {1}</source>
        <translation>{0} in {1} gespeichert</translation>
    </message>
</context>
<context>
    <name>RunState</name>
    <message>
        <location filename="../../gui/status.py" line="185"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="186"/>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="187"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="188"/>
        <location filename="../../gui/status.py" line="366"/>
        <source>Stopping…</source>
        <translation>Stoppt…</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="189"/>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="190"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="191"/>
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="192"/>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="193"/>
        <source>Building the agent…</source>
        <translation>Agent wird aufgebaut…</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="194"/>
        <source>Loading TensorFlow and building the agent…</source>
        <translation>TensorFlow wird geladen und der Agent aufgebaut…</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../gui/settings_panel.py" line="206"/>
        <source>e.g. 32, 32</source>
        <translation>z. B. 32, 32</translation>
    </message>
    <message>
        <location filename="../../gui/settings_panel.py" line="243"/>
        <source> (slider: logarithmic scale)</source>
        <translation> (Schieberegler: logarithmische Skala)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_panel.py" line="249"/>
        <source>{0} slider</source>
        <translation>Schieberegler {0}</translation>
    </message>
    <message>
        <location filename="../../gui/settings_panel.py" line="332"/>
        <source>Reset to preset</source>
        <translation>Auf Voreinstellung zurücksetzen</translation>
    </message>
    <message>
        <location filename="../../gui/settings_panel.py" line="334"/>
        <source>Set every field back to the chosen preset&apos;s value.</source>
        <translation>Jedes Feld auf den Wert der gewählten Voreinstellung zurücksetzen.</translation>
    </message>
    <message>
        <location filename="../../gui/settings_panel.py" line="346"/>
        <source>Greyed settings cannot change during a run.</source>
        <translation>Ausgegraute Einstellungen sind während eines Laufs fest.</translation>
    </message>
    <message>
        <location filename="../../gui/settings_panel.py" line="532"/>
        <source>Preset: &lt;b&gt;{0}&lt;/b&gt;</source>
        <translation>Voreinstellung: &lt;b&gt;{0}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/settings_panel.py" line="534"/>
        <source>Preset: &lt;b&gt;{1}&lt;/b&gt;, from &lt;b&gt;{0}&lt;/b&gt; (changed)</source>
        <translation>Voreinstellung: &lt;b&gt;{1}&lt;/b&gt;, aus &lt;b&gt;{0}&lt;/b&gt; (geändert)</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../gui/startup_checks.py" line="22"/>
        <source>training and evaluating agents</source>
        <translation>Trainieren und Evaluieren der Agenten</translation>
    </message>
    <message>
        <location filename="../../gui/startup_checks.py" line="23"/>
        <source>the agents&apos; neural networks</source>
        <translation>die neuronalen Netze der Agenten</translation>
    </message>
    <message>
        <location filename="../../gui/startup_checks.py" line="24"/>
        <source>the CartPole environment</source>
        <translation>die CartPole-Umgebung</translation>
    </message>
    <message>
        <location filename="../../gui/startup_checks.py" line="25"/>
        <source>drawing the cart and pole</source>
        <translation>das Zeichnen von Wagen und Stab</translation>
    </message>
    <message>
        <location filename="../../gui/startup_checks.py" line="102"/>
        <source>no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). Start it from a desktop session (or over &apos;ssh -X&apos;), or train headless: &apos;python main.py train --help&apos;.</source>
        <extracomment>The system libraries Qt&apos;s X11 platform plugin (xcb) loads, and the Debian/Ubuntu package of each (Qt &gt;= 6.5 needs xcb-cursor; minimal installs often lack the xcb-util ones). The README&apos;s &quot;Needs&quot; paragraph lists the same packages.</extracomment>
        <translation>kein Bildschirm gefunden (weder DISPLAY noch WAYLAND_DISPLAY ist gesetzt). Starten Sie es aus einer Desktop-Sitzung (oder über „ssh -X“) oder trainieren Sie ohne Fenster: „python main.py train --help“.</translation>
    </message>
    <message>
        <location filename="../../gui/startup_checks.py" line="115"/>
        <source>Qt&apos;s X11 platform plugin (xcb) cannot load: missing {0}. On Debian or Ubuntu install them with &apos;sudo apt install {1}&apos; (other systems: the packages that provide these files), or train headless: &apos;python main.py train --help&apos;.</source>
        <translation>Qts X11-Plattform-Plugin (xcb) lässt sich nicht laden: es fehlen {0}. Unter Debian oder Ubuntu installieren Sie sie mit „sudo apt install {1}“ (andere Systeme: die Pakete, die diese Dateien liefern), oder trainieren Sie ohne Fenster: „python main.py train --help“.</translation>
    </message>
    <message>
        <location filename="../../gui/startup_checks.py" line="143"/>
        <source>{0} (for {1})</source>
        <translation>{0} (für {1})</translation>
    </message>
    <message>
        <location filename="../../gui/startup_checks.py" line="148"/>
        <source>DQN Lab cannot train without these packages: {0}. The window works, but Start and Evaluate will fail until you install them into this Python:</source>
        <translation>DQN Lab kann ohne diese Pakete nicht trainieren: {0}. Das Fenster funktioniert, aber Start und Evaluieren schlagen fehl, bis Sie sie in dieses Python installieren:</translation>
    </message>
    <message>
        <location filename="../../gui/startup_checks.py" line="176"/>
        <source>Packages missing</source>
        <translation>Pakete fehlen</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../gui/status.py" line="106"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="114"/>
        <source>The notebook&apos;s check: the mean score of the last 100 episodes must reach the environment&apos;s reward threshold (195 for CartPole-v0).</source>
        <translation>Die Prüfung des Notebooks: der mittlere Score der letzten 100 Episoden muss die Belohnungsschwelle der Umgebung erreichen (195 bei CartPole-v0).</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="252"/>
        <source>mean of last 100 (mean of the seeds): {0} / {1}</source>
        <extracomment>States in which the run still trains: the time left is shown only in these.</extracomment>
        <translation>Mittel der letzten 100 (Mittel der Seeds): {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="255"/>
        <source>mean of last 100: {0} / {1}</source>
        <translation>Mittel der letzten 100: {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="271"/>
        <source>Episode {0}/{1}</source>
        <translation>Episode {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="276"/>
        <source>1 episode</source>
        <translation>1 Episode</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="276"/>
        <source>{0} episodes</source>
        <translation>{0} Episoden</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="283"/>
        <source>{0} seeds: {1}/{2} episodes in all</source>
        <translation>{0} Seeds: {1}/{2} Episoden insgesamt</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="287"/>
        <source>{0} seeds: {1}</source>
        <translation>{0} Seeds: {1}</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="291"/>
        <source>1 step</source>
        <translation>1 Schritt</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="291"/>
        <source>{0} steps</source>
        <translation>{0} Schritte</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="296"/>
        <source>{0} steps/s</source>
        <translation>{0} Schritte/s</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="300"/>
        <source>~{0} left</source>
        <translation>noch ~{0}</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="302"/>
        <source>– left</source>
        <translation>noch –</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="309"/>
        <source>{0} elapsed, {1}</source>
        <translation>{0} vergangen, {1}</translation>
    </message>
    <message>
        <location filename="../../gui/status.py" line="311"/>
        <source>{0} elapsed</source>
        <translation>{0} vergangen</translation>
    </message>
</context>
<context>
    <name>Study</name>
    <message>
        <location filename="../../gui/study_window.py" line="108"/>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="109"/>
        <source>Current</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="110"/>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="111"/>
        <source>Low</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="112"/>
        <source>High</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="113"/>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="114"/>
        <source>Choices</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="117"/>
        <location filename="../../gui/study_window.py" line="122"/>
        <location filename="../../gui/study_window.py" line="1030"/>
        <source>Trial</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="118"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="123"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="124"/>
        <source>Value (95% CI)</source>
        <translation>Wert (95-%-KI)</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="125"/>
        <source>Seeds done</source>
        <translation>Seeds fertig</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="126"/>
        <location filename="../../gui/study_window.py" line="135"/>
        <source>First pass (median)</source>
        <translation>Erstes Bestehen (Median)</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="127"/>
        <location filename="../../gui/study_window.py" line="136"/>
        <source>Pass rate after</source>
        <translation>Bestehensquote danach</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="128"/>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="129"/>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="139"/>
        <source>Median over the trial&apos;s seeds of the environment step of the first periodic evaluation that reached the threshold (a seed that never passed counts as later than any; - when the median falls on one); k/n: seeds that passed</source>
        <translation>Median über die Seeds des Versuchs: der Umgebungsschritt der ersten regelmäßigen Auswertung, die die Schwelle erreichte (ein Seed, der nie bestand, zählt als später als alle; - wenn der Median auf einen solchen fällt); k/n: Seeds, die bestanden</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="145"/>
        <source>Mean over the seeds that passed of the share of their later periodic evaluations that still reached the threshold</source>
        <translation>Mittel über die Seeds, die bestanden: der Anteil ihrer späteren regelmäßigen Auswertungen, die die Schwelle weiterhin erreichten</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="153"/>
        <source>final policy</source>
        <translation>finale Strategie</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="154"/>
        <source>evaluation curve</source>
        <translation>Auswertungskurve</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="155"/>
        <source>passing evaluations</source>
        <translation>bestandene Auswertungen</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="158"/>
        <source>final: maximise the mean greedy score of each seed&apos;s final policy (Evaluation episodes below)</source>
        <translation>final: den mittleren gierigen Score der finalen Strategie jedes Seeds maximieren (Evaluationsepisoden unten)</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="163"/>
        <source>evals: maximise the area under each seed&apos;s periodic evaluation curve: the mean over the run&apos;s evaluations (Evaluate every, Evaluation episodes of the settings) of min(mean / threshold, 1), which rewards learning fast and staying solved</source>
        <translation>evals: die Fläche unter der Kurve der regelmäßigen Auswertungen jedes Seeds maximieren: das Mittel über die Auswertungen des Laufs (Evaluieren alle, Evaluierungsepisoden der Einstellungen) von min(Mittel / Schwelle, 1); belohnt schnelles Lernen und das Gelöstbleiben</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="169"/>
        <source>passes: maximise the share of each seed&apos;s periodic evaluations (Evaluate every, Evaluation episodes of the settings) whose mean reaches the threshold: learning fast and staying solved, counted strictly (an evaluation just under the threshold is a miss)</source>
        <translation>passes: den Anteil der regelmäßigen Auswertungen jedes Seeds (Evaluieren alle, Evaluierungsepisoden der Einstellungen) maximieren, deren Mittel die Schwelle erreicht: schnelles Lernen und Gelöstbleiben, streng gezählt (eine Auswertung knapp unter der Schwelle zählt nicht)</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="187"/>
        <source>{0} ({1}/{2} seeds)</source>
        <translation>{0} ({1}/{2} Seeds)</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="197"/>
        <source>{0}%</source>
        <translation>{0} %</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="203"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="203"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="225"/>
        <source>Study — tune settings over seeds</source>
        <translation>Studie — Einstellungen über Seeds optimieren</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="228"/>
        <source>Local workers are still running trials. Stop them and close the window? Their running trials are queued again.</source>
        <translation>Lokale Worker rechnen noch Trials. Stoppen und das Fenster schließen? Ihre laufenden Trials werden erneut eingereiht.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="274"/>
        <source>Seeds trained per trial; its value is the mean of their final greedy evaluations</source>
        <translation>Pro Versuch trainierte Seeds; sein Wert ist das Mittel ihrer abschließenden greedy Evaluationen</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="280"/>
        <source>Trials to run now (0 only creates the study)</source>
        <translation>Jetzt auszuführende Versuche (0 legt nur die Studie an)</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="286"/>
        <source>Local worker processes on this machine</source>
        <translation>Lokale Worker-Prozesse auf diesem Rechner</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="292"/>
        <source>Greedy evaluation episodes of each seed&apos;s final policy</source>
        <translation>Greedy-Evaluationsepisoden der finalen Policy jedes Seeds</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="319"/>
        <source>Study name: starting again with the same name continues it</source>
        <translation>Name der Studie: ein erneuter Start mit demselben Namen setzt sie fort</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="323"/>
        <source>default: a file in the app&apos;s data folder, or an Optuna URL (postgresql://…)</source>
        <translation>Standard: eine Datei im Datenordner der App, oder eine Optuna-URL (postgresql://…)</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="329"/>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="330"/>
        <source>Stop workers</source>
        <translation>Worker stoppen</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="331"/>
        <source>Open study…</source>
        <translation>Studie öffnen…</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="333"/>
        <source>Open trial as a run</source>
        <translation>Versuch als Lauf öffnen</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="336"/>
        <source>Save best as preset…</source>
        <translation>Besten als Voreinstellung speichern…</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="339"/>
        <source>Seeds per trial</source>
        <translation>Seeds pro Versuch</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="341"/>
        <source>Local workers</source>
        <translation>Lokale Worker</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="342"/>
        <source>Objective</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="343"/>
        <source>Evaluation episodes</source>
        <translation>Evaluationsepisoden</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="344"/>
        <source>Sampler</source>
        <translation>Sampler</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="345"/>
        <source>Pruner</source>
        <translation>Pruner</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="346"/>
        <source>Study</source>
        <translation>Studie</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="347"/>
        <source>Storage</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="380"/>
        <source>trial</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="381"/>
        <location filename="../../gui/study_window.py" line="994"/>
        <location filename="../../gui/study_window.py" line="1030"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="391"/>
        <source>Parameter importance: after two finished trials.</source>
        <translation>Wichtigkeit der Parameter: nach zwei fertigen Versuchen.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="398"/>
        <source>Each finished trial, scaled to its ranges (colour: value, dark = low)</source>
        <translation>Jeder fertige Versuch, auf seine Bereiche skaliert (Farbe: Wert, dunkel = niedrig)</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="485"/>
        <source>Change it in the main window&apos;s settings.</source>
        <translation>Zu ändern in den Einstellungen des Hauptfensters.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="584"/>
        <source>Every {0} environment steps, {1} greedy episodes (the final evaluation is skipped).</source>
        <translation>Alle {0} Umgebungsschritte {1} gierige Episoden (die abschließende Auswertung entfällt).</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="590"/>
        <source>Needs “{0}” above 0 (main window&apos;s settings).</source>
        <translation>Braucht „{0}“ über 0 (Einstellungen des Hauptfensters).</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="692"/>
        <source>Study {0}: {1} trial(s) on {2} local worker(s); storage {3}. More workers can join from a terminal (on another machine, with its own Python) with: {4}</source>
        <translation>Studie {0}: {1} Versuch(e) auf {2} lokalen Worker(n); Speicher {3}. Weitere Worker können aus einem Terminal (auf einem anderen Rechner mit dessen Python) mitmachen mit: {4}</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="781"/>
        <source>Value of a trial: mean over its {0} seed(s) of the share of its evaluations (every {1} environment steps {2} greedy episodes) whose mean reaches the threshold (1 = solved from the first evaluation on).</source>
        <translation>Wert eines Versuchs: Mittel über seine {0} Seed(s) des Anteils seiner Auswertungen (alle {1} Umgebungsschritte {2} gierige Episoden), deren Mittel die Schwelle erreicht (1 = ab der ersten Auswertung gelöst).</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="788"/>
        <source>Value of a trial: mean over its {0} seed(s) of the area under the evaluation curve: every {1} environment steps {2} greedy episodes, each evaluation&apos;s mean / threshold capped at 1, averaged over the run (1 = solved from the first evaluation on).</source>
        <translation>Wert eines Versuchs: Mittel über seine {0} Seed(s) der Fläche unter der Auswertungskurve: alle {1} Umgebungsschritte {2} gierige Episoden, das Mittel jeder Auswertung / Schwelle, begrenzt auf 1, gemittelt über den Lauf (1 = ab der ersten Auswertung gelöst).</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="796"/>
        <source>Value of a trial: mean over its {0} seed(s) of the {1}.</source>
        <translation>Wert eines Versuchs: Mittel über seine {0} Seed(s); {1}.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="803"/>
        <source>Objective: {0}.</source>
        <translation>Ziel: {0}.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="818"/>
        <location filename="../../gui/study_window.py" line="877"/>
        <source>Cannot read the study: {0}</source>
        <translation>Die Studie lässt sich nicht lesen: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="823"/>
        <source>Stopped {0} local worker(s); {1} running trial(s) queued again.</source>
        <translation>{0} lokale(r) Worker gestoppt; {1} laufende(r) Trial(s) erneut eingereiht.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="901"/>
        <source>{0} trials; best: trial {1}, value {2} with {3}.</source>
        <translation>{0} Versuche; bester: Versuch {1}, Wert {2} mit {3}.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="917"/>
        <source>{0} [{1}, {2}]</source>
        <translation>{0} [{1}; {2}]</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="925"/>
        <source>retry of trial {0}</source>
        <translation>Wiederholung von Versuch {0}</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="931"/>
        <source>its worker stopped; queued again</source>
        <translation>sein Worker wurde gestoppt; erneut eingereiht</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="1054"/>
        <source>Parameter importance (optuna.importance): after two finished trials with different values.</source>
        <translation>Wichtigkeit der Parameter (optuna.importance): nach zwei fertigen Versuchen mit verschiedenen Werten.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="1062"/>
        <source>Parameter importance (optuna.importance): {0}</source>
        <translation>Wichtigkeit der Parameter (optuna.importance): {0}</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="1078"/>
        <source>Start or open a study first.</source>
        <translation>Erst eine Studie starten oder öffnen.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="1083"/>
        <source>Select a trial with parameters.</source>
        <translation>Einen Versuch mit Parametern auswählen.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="1092"/>
        <source>Opened trial {0}&apos;s settings as a run.</source>
        <translation>Die Einstellungen von Versuch {0} als Lauf geöffnet.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="1101"/>
        <source>The study has no finished trial yet.</source>
        <translation>Die Studie hat noch keinen fertigen Versuch.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="1116"/>
        <source>Saved the best trial as preset {0} ({1}).</source>
        <translation>Den besten Versuch als Voreinstellung {0} gespeichert ({1}).</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="1122"/>
        <source>Save best as preset</source>
        <translation>Besten als Voreinstellung speichern</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="1122"/>
        <source>Preset name:</source>
        <translation>Name der Voreinstellung:</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="119"/>
        <location filename="../../gui/study_window.py" line="413"/>
        <location filename="../../gui/study_window.py" line="426"/>
        <source>Best so far</source>
        <translation>Bisher bester</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="94"/>
        <source>fixed</source>
        <translation>fest</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="95"/>
        <source>range</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="96"/>
        <source>choices</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="100"/>
        <source>complete</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="101"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="102"/>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="103"/>
        <source>pruned</source>
        <translation>abgebrochen (Pruner)</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="104"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="105"/>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="340"/>
        <source>New trials</source>
        <translation>Neue Versuche</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="423"/>
        <location filename="../../gui/study_window.py" line="427"/>
        <source>Parallel coordinates</source>
        <translation>Parallele Koordinaten</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="459"/>
        <source>Choose a range or choices for the settings to search, then Start.</source>
        <translation>Für die zu durchsuchenden Einstellungen einen Bereich oder eine Auswahl wählen, dann Start.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="494"/>
        <source>e.g. {0}</source>
        <translation>z. B. {0}</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="511"/>
        <source>at least {0}</source>
        <translation>mindestens {0}</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="512"/>
        <source>at most {0}</source>
        <translation>höchstens {0}</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="556"/>
        <source>The objective “{0}” needs periodic evaluations: set “{1}” above 0 in the main window&apos;s settings (it is 0 now), or choose the final-policy objective.</source>
        <translation>Das Ziel „{0}“ braucht regelmäßige Auswertungen: „{1}“ in den Einstellungen des Hauptfensters über 0 setzen (jetzt 0) oder das Ziel finale Strategie wählen.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="638"/>
        <source>Give the choices of {0}, separated by commas.</source>
        <translation>Die Auswahl für {0} angeben, durch Kommas getrennt.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="645"/>
        <source>Choose a range or choices for at least one setting.</source>
        <translation>Für mindestens eine Einstellung einen Bereich oder eine Auswahl wählen.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="729"/>
        <source>Study {0} is a comparison; open it in Compare runs.</source>
        <translation>Studie {0} ist ein Vergleich; öffnen Sie sie unter „Läufe vergleichen“.</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="755"/>
        <source>Opened study {0} (1 trial).</source>
        <translation>Studie {0} geöffnet (1 Versuch).</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="757"/>
        <source>Opened study {0} ({1} trials).</source>
        <translation>Studie {0} geöffnet ({1} Versuche).</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="766"/>
        <source>Open a study file</source>
        <translation>Eine Studiendatei öffnen</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="768"/>
        <source>Study journals (*.journal)</source>
        <translation>Studien-Journale (*.journal)</translation>
    </message>
    <message>
        <location filename="../../gui/study_window.py" line="777"/>
        <source>Trial values (dots) and best so far (line)</source>
        <translation>Werte der Versuche (Punkte) und bisher bester (Linie)</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <location filename="../../gui/theme.py" line="170"/>
        <source>&amp;Theme</source>
        <extracomment>The effective scheme after every change: &apos;light&apos; or &apos;dark&apos;.</extracomment>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <location filename="../../gui/theme.py" line="174"/>
        <source>Follow &amp;system</source>
        <translation>Wie das &amp;System</translation>
    </message>
    <message>
        <location filename="../../gui/theme.py" line="175"/>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <location filename="../../gui/theme.py" line="176"/>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
</context>
<context>
    <name>Viewport</name>
    <message>
        <location filename="../../gui/viewport.py" line="91"/>
        <source>Viewport readout</source>
        <translation>Spielansicht als Text</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="93"/>
        <source>Viewport</source>
        <translation>Spielansicht</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="95"/>
        <source>The environment as a picture; the readout below says it in words.</source>
        <translation>Die Umgebung als Bild; der Text darunter beschreibt sie in Worten.</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="134"/>
        <source>These weights do not fit {0}.</source>
        <translation>Diese Gewichte passen nicht zu {0}.</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="157"/>
        <source>loaded agent</source>
        <translation>geladener Agent</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="193"/>
        <source>live weights, episode {0}</source>
        <translation>aktuelle Gewichte, Episode {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="198"/>
        <source>Evaluation after episode {0}</source>
        <translation>Evaluation nach Episode {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="360"/>
        <source>weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="362"/>
        <source>no agent yet</source>
        <translation>noch kein Agent</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="376"/>
        <location filename="../../gui/viewport_controls.py" line="100"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="377"/>
        <location filename="../../gui/viewport_controls.py" line="104"/>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="382"/>
        <source>1 episode, last {1}, best {2}, mean {3}</source>
        <translation>1 Episode, zuletzt {1}, beste {2}, Mittel {3}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="384"/>
        <source>{0} episodes, last {1}, best {2}, mean {3}</source>
        <translation>{0} Episoden, zuletzt {1}, beste {2}, Mittel {3}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="396"/>
        <source>no episode yet</source>
        <translation>noch keine Episode</translation>
    </message>
    <message>
        <location filename="../../gui/viewport.py" line="405"/>
        <source>({0} greedy episodes): mean {1}, min {2}, max {3}</source>
        <translation>({0} greedy Episoden): Mittel {1}, Min. {2}, Max. {3}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="41"/>
        <source>Max</source>
        <extracomment>(speed factor of real time, label); None runs as fast as possible.</extracomment>
        <translation>Max</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="61"/>
        <location filename="../../gui/viewport_controls.py" line="212"/>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="62"/>
        <source>Play / pause (Space)</source>
        <translation>Abspielen / pausieren (Leertaste)</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="68"/>
        <source>One environment step (while paused)</source>
        <translation>Ein Umgebungsschritt (während der Pause)</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="70"/>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="75"/>
        <source>Start a new episode (R)</source>
        <translation>Eine neue Episode beginnen (R)</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="77"/>
        <source>New episode</source>
        <translation>Neue Episode</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="86"/>
        <source>Speed relative to real time (CartPole: 50 steps per second). Max: as fast as possible, frames skipped.</source>
        <translation>Geschwindigkeit relativ zur Echtzeit (CartPole: 50 Schritte pro Sekunde). Max: so schnell wie möglich, Bilder werden ausgelassen.</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="94"/>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="101"/>
        <source>The agent acts greedily (epsilon 0)</source>
        <translation>Der Agent handelt greedy (Epsilon 0)</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="104"/>
        <source>Play it yourself: hold ← / →</source>
        <translation>Selbst spielen: ← / → halten</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="111"/>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="115"/>
        <source>During training, watch the newest weights (swapped in at episode start or every few seconds).</source>
        <translation>Während des Trainings die neuesten Gewichte beobachten (übernommen zu Episodenbeginn oder alle paar Sekunden).</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="124"/>
        <source>Nudge: kick the cart left (Shift+←)</source>
        <translation>Anstoßen: den Wagen nach links stoßen (Umschalt+←)</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="125"/>
        <source>Nudge left</source>
        <translation>Nach links anstoßen</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="130"/>
        <source>Nudge: kick the cart right (Shift+→)</source>
        <translation>Anstoßen: den Wagen nach rechts stoßen (Umschalt+→)</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="131"/>
        <source>Nudge right</source>
        <translation>Nach rechts anstoßen</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="134"/>
        <source>Greedy episodes to evaluate</source>
        <translation>Zu evaluierende greedy Episoden</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="136"/>
        <source>Evaluate</source>
        <translation>Evaluieren</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="137"/>
        <source>Play N greedy episodes: mean, min, max</source>
        <translation>N greedy Episoden spielen: Mittel, Min., Max.</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="145"/>
        <source>Episodes to play; the best one is exported</source>
        <translation>Zu spielende Episoden; die beste wird exportiert</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="146"/>
        <source>best of </source>
        <translation>Beste aus </translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="149"/>
        <source>Record…</source>
        <translation>Aufnehmen…</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="150"/>
        <source>Export the best of N greedy episodes as a GIF or MP4</source>
        <translation>Die beste von N greedy Episoden als GIF oder MP4 exportieren</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_controls.py" line="212"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="57"/>
        <source>There is no agent to evaluate yet: start training or load an agent.</source>
        <translation>Es gibt noch keinen Agenten zum Evaluieren: Training starten oder einen Agenten laden.</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="80"/>
        <source>Evaluating {0} greedy episodes…</source>
        <translation>Evaluiere {0} greedy Episoden…</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="90"/>
        <source>Export the best episode</source>
        <translation>Die beste Episode exportieren</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="92"/>
        <source>GIF animation (*.gif);;MP4 video (*.mp4)</source>
        <translation>GIF-Animation (*.gif);;MP4-Video (*.mp4)</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="104"/>
        <source>Cannot export to {0}: choose a .gif or .mp4 file name.</source>
        <translation>Export nach {0} nicht möglich: einen .gif- oder .mp4-Dateinamen wählen.</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="128"/>
        <source>Recording the best of {0} episodes…</source>
        <translation>Nehme die beste von {0} Episoden auf…</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="134"/>
        <source>Busy: wait for the evaluation or export to finish.</source>
        <translation>Beschäftigt: warten, bis Evaluation oder Export fertig ist.</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="151"/>
        <source>Evaluation</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="156"/>
        <source>Saved the best of {0} episodes (score {1}) to {2}: {3} frames at {4} fps, {5}.</source>
        <translation>Die beste von {0} Episoden (Score {1}) in {2} gespeichert: {3} Bilder mit {4} fps, {5}.</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="169"/>
        <source>Recording</source>
        <translation>Aufnahme</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="175"/>
        <source>Evaluation failed: {0}</source>
        <translation>Evaluation fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_evaluation.py" line="177"/>
        <source>Export failed: {0}</source>
        <translation>Export fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="34"/>
        <source>Pole angle</source>
        <translation>Stabwinkel</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="35"/>
        <source>Cart position</source>
        <translation>Wagenposition</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="39"/>
        <source>the cart left the track</source>
        <translation>der Wagen hat die Bahn verlassen</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="40"/>
        <source>the pole fell</source>
        <translation>der Stab ist umgefallen</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="41"/>
        <source>time limit</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="42"/>
        <source>goal reached</source>
        <translation>Ziel erreicht</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="80"/>
        <source>(paused)</source>
        <translation>(Pause)</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="82"/>
        <source>You play: hold ← / →</source>
        <translation>Sie spielen: ← / → halten</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="84"/>
        <source>Agent acting greedily (ε = 0)</source>
        <translation>Agent spielt greedy (ε = 0)</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="89"/>
        <source>Your score: {0}</source>
        <translation>Ihr Score: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="91"/>
        <source>The agent’s score: {0}</source>
        <translation>Score des Agenten: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="93"/>
        <source>Episode over: {0}</source>
        <translation>Episode zu Ende: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="97"/>
        <source>press ← or → to play again</source>
        <translation>← oder → drücken, um erneut zu spielen</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="99"/>
        <source>Your turn</source>
        <translation>Sie sind dran</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="100"/>
        <source>Press ← or → to start: the episode waits for your first key</source>
        <translation>← oder → drücken zum Start: die Episode wartet auf Ihre erste Taste</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="102"/>
        <source>No agent yet</source>
        <translation>Noch kein Agent</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="103"/>
        <source>Start training or load an agent, or press “You” to play yourself</source>
        <translation>Training starten oder einen Agenten laden, oder „Sie“ drücken, um selbst zu spielen</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="112"/>
        <source>Policy: {0}</source>
        <translation>Policy: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="302"/>
        <source>Episode {0}   Step {1}   Score {2}</source>
        <translation>Episode {0}   Schritt {1}   Score {2}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="374"/>
        <source>Q values</source>
        <translation>Q-Werte</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="378"/>
        <source>(gap {0})</source>
        <translation>(Abstand {0})</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="416"/>
        <location filename="../../gui/viewport_view.py" line="438"/>
        <source>of</source>
        <translation>von</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="550"/>
        <source>Q: {0}</source>
        <translation>Q: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="562"/>
        <source>Episode {0}, step {1}, score {2}.</source>
        <translation>Episode {0}, Schritt {1}, Score {2}.</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="574"/>
        <source>State: {0}.</source>
        <translation>Zustand: {0}.</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="580"/>
        <source>Chosen action: {0}.</source>
        <translation>Gewählte Aktion: {0}.</translation>
    </message>
    <message>
        <location filename="../../gui/viewport_view.py" line="585"/>
        <source>Q values: {0}.</source>
        <translation>Q-Werte: {0}.</translation>
    </message>
</context>
<context>
    <name>Worker</name>
    <message>
        <location filename="../../gui/run_model.py" line="728"/>
        <location filename="../../gui/worker.py" line="94"/>
        <source>Evaluation failed: {0}</source>
        <translation>Evaluation fehlgeschlagen: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/worker.py" line="254"/>
        <source>The environment could not be closed cleanly.</source>
        <translation>Die Umgebung ließ sich nicht sauber schließen.</translation>
    </message>
    <message>
        <location filename="../../gui/worker.py" line="409"/>
        <source>Seed {0} cannot be kept for saving: {1}</source>
        <translation>Seed {0} kann nicht zum Speichern behalten werden: {1}</translation>
    </message>
</context>
</TS>
