//! The application: which screen is up, which pane has focus, the components,
//! and how each [`Action`] changes them.

use std::time::Instant;

use prepai_core::{InterviewType, SessionCommand, SessionEvent};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use uuid::Uuid;

use crate::action::{Action, Pane};
use crate::backend::Backend;
use crate::components::code::CodePane;
use crate::components::history::HistoryScreen;
use crate::components::home::Home;
use crate::components::input::Input;
use crate::components::report::ReportScreen;
use crate::components::scoreboard::Scoreboard;
use crate::components::status::StatusBar;
use crate::components::transcript::{Speaker, Transcript};
use crate::components::{help, Component, Ctx};
use crate::data;
use crate::keys::{KeyCommand, KeyMap};
use crate::theme::Theme;
use crate::voice::{VoiceEffect, VoiceView};

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Choose and start an interview.
    Home,
    /// The interview.
    Interview,
    /// A finished interview's report.
    Report,
    /// Past sessions and trends.
    History,
}

/// Commands looked up on the interview screen before the focused pane sees a key.
const INTERVIEW_KEYS: [KeyCommand; 11] = [
    KeyCommand::FocusNext,
    KeyCommand::FocusPrev,
    KeyCommand::FocusTranscript,
    KeyCommand::FocusCode,
    KeyCommand::FocusInput,
    KeyCommand::FocusScoreboard,
    KeyCommand::RunTests,
    KeyCommand::Hint,
    KeyCommand::Skip,
    KeyCommand::EndInterview,
    KeyCommand::ToggleMic,
];

/// The whole interface's state.
pub struct App {
    screen: Screen,
    help: bool,
    help_scroll: u16,
    focus: Pane,
    /// The home screen.
    pub home: Home,
    /// The transcript pane.
    pub transcript: Transcript,
    /// The code pane.
    pub code: CodePane,
    /// The scoreboard pane.
    pub scoreboard: Scoreboard,
    /// The answer input.
    pub input: Input,
    /// The status bar.
    pub status: StatusBar,
    /// The report screen.
    pub report: ReportScreen,
    /// The history screen.
    pub history: HistoryScreen,
    theme: Theme,
    keys: KeyMap,
    language: String,
    session: Option<Uuid>,
    report_session: Option<Uuid>,
    started: Option<Instant>,
    running: bool,
    panes: Vec<(Pane, Rect)>,
    quit: bool,
    clock: fn() -> String,
    backend: Option<Backend>,
    voice: Option<VoiceView>,
    /// A spoken answer heard before the interview was running; sent once it is.
    pending_spoken: Option<SessionCommand>,
}

fn local_time() -> String {
    chrono::Local::now().format("%H:%M").to_string()
}

impl App {
    /// An application on the home screen offering `types`; coding problems come
    /// in `language`. Without a backend (tests) nothing runs in the background.
    pub fn new(
        types: &[InterviewType],
        theme: Theme,
        keys: KeyMap,
        language: &str,
        backend: Option<Backend>,
    ) -> App {
        App {
            screen: Screen::Home,
            help: false,
            help_scroll: 0,
            focus: Pane::Input,
            home: Home::new(types),
            transcript: Transcript::default(),
            code: CodePane::new(language, theme.syntax.as_deref()),
            scoreboard: Scoreboard::default(),
            input: Input::default(),
            status: StatusBar {
                agent: String::new(),
                voice: "voice off".into(),
                ..Default::default()
            },
            report: ReportScreen::default(),
            history: HistoryScreen::default(),
            theme,
            keys,
            language: language.to_string(),
            session: None,
            report_session: None,
            started: None,
            running: false,
            panes: Vec::new(),
            quit: false,
            clock: local_time,
            backend,
            voice: None,
            pending_spoken: None,
        }
    }

    /// Uses `clock` for message times (tests pin it).
    pub fn set_clock(&mut self, clock: fn() -> String) {
        self.clock = clock;
    }

    /// Turns voice mode on: the candidate's turns come from the live voice loop fed
    /// by `control` (none in tests: only the display changes); `muted` for
    /// push-to-talk.
    pub fn enable_voice(&mut self, control: Option<prepai_voice::VoiceControl>, muted: bool) {
        self.enable_voice_recording(control, muted, None);
    }

    /// [`App::enable_voice`], keeping each spoken turn as WAV under
    /// `record_root/recordings/{session_id}/` when given.
    pub fn enable_voice_recording(
        &mut self,
        control: Option<prepai_voice::VoiceControl>,
        muted: bool,
        record_root: Option<std::path::PathBuf>,
    ) {
        let mut view = VoiceView::new(control, muted);
        view.record_under(record_root);
        self.status.voice = view.status_text();
        self.voice = Some(view);
    }

    /// A spoken answer waiting for the interview to start.
    pub fn pending_spoken(&self) -> Option<&SessionCommand> {
        self.pending_spoken.as_ref()
    }

    /// The screen shown.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// Shows `screen` (tests and the binary's start-up).
    pub fn set_screen(&mut self, screen: Screen) {
        self.screen = screen;
    }

    /// The focused pane.
    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// Whether the help overlay is up.
    pub fn help_shown(&self) -> bool {
        self.help
    }

    /// Whether the user asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether a clock tick would change the screen (an interview is running).
    pub fn ticking(&self) -> bool {
        self.running && self.screen == Screen::Interview
    }

    /// Seconds the interview has run, for the scoreboard; true when it changed.
    pub fn tick(&mut self) -> bool {
        match self.started {
            Some(t) => self.scoreboard.set_elapsed(t.elapsed().as_secs()),
            None => false,
        }
    }

    fn text_focused(&self) -> bool {
        match self.screen {
            Screen::Home => true,
            Screen::Interview => matches!(self.focus, Pane::Input | Pane::Code),
            _ => false,
        }
    }

    /// Turns a key into an action, letting the focused component handle it.
    pub fn on_key(&mut self, key: KeyEvent) -> Option<Action> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        if self.help {
            return Some(match key.code {
                KeyCode::Up => Action::ScrollHelp(-1),
                KeyCode::Down => Action::ScrollHelp(1),
                KeyCode::PageUp => Action::ScrollHelp(-10),
                KeyCode::PageDown => Action::ScrollHelp(10),
                _ => Action::ToggleHelp,
            });
        }
        if self.keys.is(KeyCommand::Quit, &key) {
            return Some(Action::Quit);
        }
        if self.keys.is(KeyCommand::Help, &key)
            || (key.code == KeyCode::Char('?') && !self.text_focused())
        {
            return Some(Action::ToggleHelp);
        }
        let keys = self.keys.clone();
        let theme = self.theme.clone();
        let ctx = Ctx {
            theme: &theme,
            keys: &keys,
        };
        match self.screen {
            Screen::Home => {
                if keys.is(KeyCommand::History, &key) {
                    return Some(Action::OpenHistory);
                }
                self.home.handle_key(&key, &ctx)
            }
            Screen::Interview => {
                let indent = self.focus == Pane::Code && key.code == KeyCode::Tab;
                let cmd = if indent {
                    None
                } else {
                    keys.lookup(&key, &INTERVIEW_KEYS)
                };
                match cmd {
                    Some(KeyCommand::FocusNext) => Some(Action::FocusBy(1)),
                    Some(KeyCommand::FocusPrev) => Some(Action::FocusBy(-1)),
                    Some(KeyCommand::FocusTranscript) => Some(Action::Focus(Pane::Transcript)),
                    Some(KeyCommand::FocusCode) => Some(Action::Focus(Pane::Code)),
                    Some(KeyCommand::FocusInput) => Some(Action::Focus(Pane::Input)),
                    Some(KeyCommand::FocusScoreboard) => Some(Action::Focus(Pane::Scoreboard)),
                    Some(KeyCommand::RunTests) => Some(Action::RunTests),
                    Some(KeyCommand::Hint) => Some(Action::Hint),
                    Some(KeyCommand::Skip) => Some(Action::Skip),
                    Some(KeyCommand::EndInterview) => Some(Action::EndInterview),
                    Some(KeyCommand::ToggleMic) => Some(Action::ToggleMic),
                    _ => match self.focus {
                        Pane::Transcript => self.transcript.handle_key(&key, &ctx),
                        Pane::Code => self.code.handle_key(&key, &ctx),
                        Pane::Input => self.input.handle_key(&key, &ctx),
                        Pane::Scoreboard => self.scoreboard.handle_key(&key, &ctx),
                    },
                }
            }
            Screen::Report | Screen::History => {
                if keys.is(KeyCommand::Back, &key) {
                    return Some(Action::Home);
                }
                if keys.is(KeyCommand::History, &key) {
                    return Some(Action::OpenHistory);
                }
                if self.screen == Screen::Report {
                    self.report.handle_key(&key, &ctx)
                } else {
                    self.history.handle_key(&key, &ctx)
                }
            }
        }
    }

    /// Pasted text goes to the focused text field as is.
    pub fn on_paste(&mut self, text: &str) {
        if self.screen != Screen::Interview {
            return;
        }
        match self.focus {
            Pane::Code => self.code.paste(text),
            Pane::Input => self.input.paste(text),
            _ => {}
        }
    }

    /// Clicks focus panes; the wheel scrolls the transcript.
    pub fn on_mouse(&mut self, m: MouseEvent) -> Option<Action> {
        if self.screen != Screen::Interview {
            return None;
        }
        let at = Position::new(m.column, m.row);
        let pane = self
            .panes
            .iter()
            .find(|(_, r)| r.contains(at))
            .map(|(p, _)| *p)?;
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Focus(pane)),
            MouseEventKind::ScrollUp if pane == Pane::Transcript => {
                self.transcript.scroll_by(3);
                Some(Action::Resize)
            }
            MouseEventKind::ScrollDown if pane == Pane::Transcript => {
                self.transcript.scroll_by(-3);
                Some(Action::Resize)
            }
            _ => None,
        }
    }

    fn send(&mut self, cmd: SessionCommand) {
        let result = match &self.backend {
            Some(b) => b.send(cmd),
            None => Err("no interview is running".into()),
        };
        if let Err(e) = result {
            self.status.notice(true, e);
        }
    }

    fn now(&self) -> String {
        (self.clock)()
    }

    /// Applies an action.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Resize | Action::Tick => {}
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::ScrollHelp(n) => {
                self.help_scroll = self
                    .help_scroll
                    .saturating_add_signed(n as i16)
                    .min(help::ROWS);
            }
            Action::Focus(p) => self.focus = p,
            Action::FocusBy(n) => self.focus = self.focus.cycle(n),
            Action::Start(req) => {
                if req.voice && self.voice.is_none() {
                    return self.status.notice(
                        true,
                        "voice needs audio devices and a Whisper model: start with \
                         `prepai interview --voice`, or choose typing",
                    );
                }
                self.reset_interview();
                self.status.agent = req.agent.clone();
                self.status.activity = "preparing the interview…".into();
                self.status.notice = None;
                self.screen = Screen::Interview;
                if let Some(b) = &self.backend {
                    b.start(req);
                }
            }
            Action::Started(id) => {
                self.session = Some(id);
                match self.voice.as_ref().map(|v| v.session_started(id)) {
                    Some(Ok(Some(dir))) => self.status.notice(
                        false,
                        format!("recording spoken turns to {}", dir.display()),
                    ),
                    Some(Err(e)) => self.status.notice(true, e),
                    _ => {}
                }
                self.running = true;
                self.started = Some(Instant::now());
                if let Some(cmd) = self.pending_spoken.take() {
                    self.send(cmd);
                }
            }
            Action::Answer(text) => {
                if self.transcript.is_streaming() {
                    self.status.notice(
                        false,
                        "the interviewer is still writing; your answer is sent after",
                    );
                }
                self.send(SessionCommand::Answer(text));
            }
            Action::RunTests => {
                if self.code.code().trim().is_empty() {
                    return self
                        .status
                        .notice(true, "the code pane is empty; write a solution first");
                }
                if self.code.is_running() {
                    return self.status.notice(false, "your tests are already running");
                }
                self.code.set_running(true);
                self.status.activity = "running your tests…".into();
                let cmd = SessionCommand::SubmitCode {
                    language: self.code.language().to_string(),
                    code: self.code.code(),
                };
                self.send(cmd);
            }
            Action::Hint => self.send(SessionCommand::Hint),
            Action::Skip => self.send(SessionCommand::Skip),
            Action::EndInterview => {
                self.status.activity = "ending the interview…".into();
                self.send(SessionCommand::End);
            }
            Action::Session(e) => self.on_event(e),
            Action::Voice(u) => self.on_voice(u),
            Action::ToggleMic => match &mut self.voice {
                Some(v) => {
                    v.toggle_mute();
                    self.status.voice = v.status_text();
                }
                None => self
                    .status
                    .notice(true, "voice is off; start with `prepai interview --voice`"),
            },
            Action::Submission(d) => self.code.set_detail(d),
            Action::Home => {
                self.screen = Screen::Home;
                if let Some(b) = &self.backend {
                    b.load_recent();
                }
            }
            Action::Recent(r) => self.home.set_recent(r),
            Action::OpenHistory => {
                self.screen = Screen::History;
                self.history.loading();
                if let Some(b) = &self.backend {
                    b.load_history();
                }
            }
            Action::History(v) => self.history.set(v),
            Action::OpenReport(id) => {
                self.screen = Screen::Report;
                self.report_session = Some(id);
                self.report.loading();
                if let Some(b) = &self.backend {
                    b.load_report(id);
                }
            }
            Action::Report(r) => self.report.set(r),
            Action::Export(fmt) => match (&self.backend, self.report_session) {
                (Some(b), Some(id)) => b.export(id, fmt),
                _ => self.status.notice(true, "no report to export"),
            },
            Action::Notice(n) => self.status.notice(false, n),
            Action::Error(e) => {
                if self.screen == Screen::Interview && !self.running {
                    // Starting failed: back to the form.
                    self.screen = Screen::Home;
                }
                self.status.activity.clear();
                self.code.set_running(false);
                self.status.notice(true, e);
            }
        }
    }

    fn on_voice(&mut self, u: prepai_voice::VoiceUpdate) {
        let Some(v) = &mut self.voice else {
            return;
        };
        let effect = v.apply(u);
        self.status.voice = v.status_text();
        self.input.set_partial(v.partial());
        match effect {
            VoiceEffect::None => {}
            VoiceEffect::Send(cmd) if self.running => self.send(cmd),
            VoiceEffect::Send(_) if self.screen != Screen::Interview => self.status.notice(
                true,
                "heard you, but no interview is running; start one first",
            ),
            VoiceEffect::Send(cmd) => {
                self.pending_spoken = Some(cmd);
                self.status.notice(
                    false,
                    "heard you; the answer is sent once the interview starts",
                );
            }
            VoiceEffect::Interrupt => {
                if let Some(b) = &self.backend {
                    b.interrupt();
                }
            }
            VoiceEffect::Error(e) => self.status.notice(true, e),
        }
    }

    fn reset_interview(&mut self) {
        self.transcript = Transcript::default();
        self.code = CodePane::new(&self.language, self.theme.syntax.as_deref());
        self.scoreboard = Scoreboard::default();
        self.input = Input::default();
        self.focus = Pane::Input;
        self.pending_spoken = None;
        self.session = None;
        self.started = None;
        self.running = false;
    }

    fn on_event(&mut self, e: SessionEvent) {
        let now = self.now();
        match e {
            SessionEvent::SessionStarted { session_id, .. } => {
                self.session = Some(session_id);
                self.running = true;
                self.started.get_or_insert_with(Instant::now);
                self.status.activity.clear();
                self.screen = Screen::Interview;
            }
            SessionEvent::LlmChunk { text } => {
                self.transcript.chunk(&text, &now);
                if let Some(v) = &self.voice {
                    v.agent_text(&text);
                }
                self.status.activity = "interviewer is writing…".into();
            }
            SessionEvent::AssistantComplete { text, .. } => {
                self.transcript.complete(&text, &now);
                if let Some(v) = &self.voice {
                    v.agent_done();
                }
                self.status.activity.clear();
            }
            SessionEvent::Transcript { text, .. } => {
                self.transcript.push(Speaker::You, &text, &now)
            }
            SessionEvent::Phase { phase } => self.transcript.set_phase(&phase),
            SessionEvent::CodingQuestion(q) => {
                let key = self.keys.short(KeyCommand::FocusCode);
                self.transcript.push(
                    Speaker::System,
                    &format!(
                        "Problem: {} ({}) — it is in the code pane ({key}).",
                        q.title, q.difficulty
                    ),
                    &now,
                );
                self.code.set_question(q);
            }
            SessionEvent::CodeResult(o) => {
                self.transcript.push(
                    Speaker::System,
                    &format!(
                        "Tests {}/{} passed ({}) in {:.0} ms",
                        o.passed,
                        o.total,
                        o.verdict.replace('_', " "),
                        o.execution_time_ms
                    ),
                    &now,
                );
                self.scoreboard.set_tests(o.passed, o.total);
                self.status.activity.clear();
                if let (Some(b), Some(sid), Some(id)) =
                    (&self.backend, self.session, o.submission_id.clone())
                {
                    b.load_submission(sid, id);
                }
                self.code.set_outcome(o);
            }
            SessionEvent::ScoreUpdate(s) => self.scoreboard.set_score(s),
            SessionEvent::AgentStats {
                agent,
                ttft_ms,
                tokens_per_sec,
            } => {
                self.status.agent =
                    format!("{agent} · first token {ttft_ms:.0} ms · {tokens_per_sec:.0} tok/s");
            }
            SessionEvent::Error { message } => {
                self.code.set_running(false);
                self.status.activity.clear();
                self.status.notice(true, message);
            }
            SessionEvent::Report(r) => {
                self.report_session = Some(r.session_id);
                self.report.set(data::view_of(&r));
                self.screen = Screen::Report;
            }
            SessionEvent::SessionEnded { session_id } => {
                self.running = false;
                self.status.activity.clear();
                if let Some(b) = &self.backend {
                    b.clear();
                }
                // The report usually came just before; otherwise load it.
                if self.report_session != Some(session_id) || self.report.report().is_none() {
                    self.update(Action::OpenReport(session_id));
                }
            }
        }
    }

    /// Draws the current screen.
    pub fn draw(&mut self, frame: &mut Frame) {
        let area = frame.area();
        frame.render_widget(Paragraph::new("").style(self.theme.base()), area);
        let [main, status] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
        let theme = self.theme.clone();
        let keys = self.keys.clone();
        let ctx = Ctx {
            theme: &theme,
            keys: &keys,
        };
        let hints: &[KeyCommand] = match self.screen {
            Screen::Home => {
                let [title, body] =
                    Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(main);
                frame.render_widget(
                    Paragraph::new(Line::from(vec![
                        Span::styled(" PrepAI ", theme.accent()),
                        Span::styled(
                            "— practise technical interviews. ↑↓ choose, Tab next field, Enter start.",
                            theme.muted(),
                        ),
                    ])),
                    title,
                );
                self.home.draw(frame, body, &ctx, true);
                &[KeyCommand::Help, KeyCommand::History, KeyCommand::Quit]
            }
            Screen::Interview => {
                self.draw_interview(frame, main, &ctx);
                &[
                    KeyCommand::Help,
                    KeyCommand::RunTests,
                    KeyCommand::Hint,
                    KeyCommand::Skip,
                    KeyCommand::EndInterview,
                    KeyCommand::ToggleMic,
                ][..if self.voice.is_some() { 6 } else { 5 }]
            }
            Screen::Report => {
                self.report.draw(frame, main, &ctx, true);
                &[
                    KeyCommand::Export,
                    KeyCommand::Back,
                    KeyCommand::History,
                    KeyCommand::Quit,
                ]
            }
            Screen::History => {
                self.history.draw(frame, main, &ctx, true);
                &[KeyCommand::Back, KeyCommand::Help, KeyCommand::Quit]
            }
        };
        self.status.draw(frame, status, &ctx, hints);
        if self.help {
            self.help_scroll = help::draw(frame, area, &ctx, self.help_scroll);
        }
    }

    fn draw_interview(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let [top, input] =
            Layout::vertical([Constraint::Min(6), Constraint::Length(self.input.height())])
                .areas(area);
        let score_w = 32.min(top.width / 3);
        self.panes.clear();
        if top.width >= 120 {
            let [t, c, s] = Layout::horizontal([
                Constraint::Percentage(40),
                Constraint::Min(30),
                Constraint::Length(score_w),
            ])
            .areas(top);
            self.transcript
                .draw(frame, t, ctx, self.focus == Pane::Transcript);
            self.code.draw(frame, c, ctx, self.focus == Pane::Code);
            self.panes.extend([(Pane::Transcript, t), (Pane::Code, c)]);
            self.scoreboard
                .draw(frame, s, ctx, self.focus == Pane::Scoreboard);
            self.panes.push((Pane::Scoreboard, s));
        } else {
            // Narrow: the code pane takes the transcript's place while focused.
            let [m, s] =
                Layout::horizontal([Constraint::Min(30), Constraint::Length(score_w)]).areas(top);
            if self.focus == Pane::Code {
                self.code.draw(frame, m, ctx, true);
                self.panes.push((Pane::Code, m));
            } else {
                self.transcript
                    .draw(frame, m, ctx, self.focus == Pane::Transcript);
                self.panes.push((Pane::Transcript, m));
            }
            self.scoreboard
                .draw(frame, s, ctx, self.focus == Pane::Scoreboard);
            self.panes.push((Pane::Scoreboard, s));
        }
        self.input
            .draw(frame, input, ctx, self.focus == Pane::Input);
        self.panes.push((Pane::Input, input));
    }
}
