//! git's own messages in the languages git speaks (`LANG=de_DE.UTF-8 git clone …`:
//! `Schwerwiegend: Authentifizierung fehlgeschlagen für '…'`, `致命错误：'…' 鉴权失败`), put back
//! into git's English, so that one reader reads them all. A way of writing, undone where text
//! comes in, as a runner's prefix is: what the server said (`remote:` lines, curl's errors) is
//! not translated by git, and stays as it is.

use std::borrow::Cow;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// The text with git's translated messages in English; borrowed when it holds none. Line for
/// line: only spans within a line change.
pub fn to_english(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut done = 0;
    // git dies with each of these: only a line with its `fatal` (English or translated) is read.
    for line in fatal_lines(text) {
        for hit in automaton().find_iter(&text[line.clone()]) {
            let (local, english) = MESSAGES[hit.pattern().as_usize()];
            let (start, end) = (line.start + hit.start(), line.start + hit.end());
            let Some((from, to, argument)) = span(text, local, start, end) else {
                continue;
            };
            if from < done {
                continue;
            }
            // git's `fatal: ` before it, translated too (an older git kept the English one).
            let before = text[line.start..from].trim_end_matches(' ');
            match PREFIXES
                .iter()
                .find(|(p, _)| before.ends_with(p.trim_end()))
            {
                Some((p, en)) => {
                    out.push_str(&text[done..line.start + before.len() - p.trim_end().len()]);
                    out.push_str(en);
                }
                None => out.push_str(&text[done..from]),
            }
            let (pre, post) = english.split_once("%s").unwrap_or((english, ""));
            out.push_str(pre);
            out.push_str(argument);
            out.push_str(post);
            done = to;
        }
    }
    if done == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[done..]);
    Cow::Owned(out)
}

/// The lines holding git's `fatal` as it writes it in any language, in order, each once: few
/// texts hold one, and a search for a word costs less than one for every message.
fn fatal_lines(text: &str) -> Vec<std::ops::Range<usize>> {
    static FINDERS: OnceLock<Vec<memchr::memmem::Finder<'static>>> = OnceLock::new();
    let finders = FINDERS.get_or_init(|| FATAL.iter().map(memchr::memmem::Finder::new).collect());
    // The words outside ASCII only where the text has a byte outside it.
    let ascii = text.is_ascii();
    let mut starts: Vec<usize> = Vec::new();
    for (word, finder) in FATAL.iter().zip(finders) {
        if word.is_ascii() || !ascii {
            starts.extend(finder.find_iter(text.as_bytes()));
        }
    }
    if starts.is_empty() {
        return Vec::new();
    }
    starts.sort_unstable();
    let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
    for at in starts {
        if lines.last().is_some_and(|l| l.end >= at) {
            continue;
        }
        let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        lines.push(start..end);
    }
    lines
}

/// git's `fatal`, in English and as translated, without its colon (French puts a space before).
const FATAL: &[&str] = &[
    "fatal",
    "Schwerwiegend",
    "ödesdigert",
    "onulmaz",
    "фатална",
    "致命",
];

/// Where a message whose distinctive part was found at `hit..hit_end` starts and ends, and its
/// argument (a URL, a path): the message's other part must stand on the same line.
fn span<'t>(
    text: &'t str,
    local: &str,
    hit: usize,
    hit_end: usize,
) -> Option<(usize, usize, &'t str)> {
    let Some((pre, post)) = local.split_once("%s") else {
        return Some((hit, hit_end, ""));
    };
    let line_end = text[hit_end..]
        .find('\n')
        .map_or(text.len(), |n| hit_end + n);
    let line_start = text[..hit].rfind('\n').map_or(0, |n| n + 1);
    if pre.len() >= post.len() {
        // Found by its start: the argument runs to its end.
        let rest = &text[hit_end..line_end];
        let at = if post.is_empty() {
            rest.len()
        } else {
            rest.find(post)?
        };
        Some((hit, hit_end + at + post.len(), &rest[..at]))
    } else {
        // Found by its end: the argument runs back to its start.
        let before = &text[line_start..hit];
        let at = before.rfind(pre)?;
        Some((line_start + at, hit_end, &before[at + pre.len()..]))
    }
}

/// One automaton over each message's longer part (the shorter may be a quote alone).
fn automaton() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        let needles = MESSAGES.iter().map(|(local, _)| {
            let (pre, post) = local.split_once("%s").unwrap_or((local, ""));
            if pre.len() >= post.len() { pre } else { post }
        });
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(needles)
            .expect("git's translated messages build an automaton")
    })
}

/// git's messages as git itself translates them (its `po/*.po`, read off git 2.47's message
/// catalogs), up to the text after their first argument, each with git's English: after
/// `paste::typography`, as they are matched.
const MESSAGES: &[(&str, &str)] = &[
    (
        "Неуспешна идентификация към „%s\"",
        "Authentication failed for '%s'",
    ), // bg
    ("няма достъп до „%s\": ", "unable to access '%s': "), // bg
    ("хранилището „%s\" липсва", "repository '%s' not found"), // bg
    (
        "Клониране и създаване на хранилище в „%s\"…",
        "Cloning into '%s'...",
    ), // bg
    (
        "Не може да се чете от отдалеченото хранилище.",
        "Could not read from remote repository.",
    ), // bg
    (
        "част от указателите не бяха изтласкани към „%s\"",
        "failed to push some refs to '%s'",
    ), // bg
    (
        "S'ha produït un error en autenticar per «%s»",
        "Authentication failed for '%s'",
    ), // ca
    ("no s'ha pogut accedir a «%s»: ", "unable to access '%s': "), // ca
    (
        "no s'ha trobat el repositori «%s»",
        "repository '%s' not found",
    ), // ca
    (
        "No s'ha pogut llegir del repositori remot.",
        "Could not read from remote repository.",
    ), // ca
    (
        "s'ha produït un error en pujar algunes referències a «%s»",
        "failed to push some refs to '%s'",
    ), // ca
    (
        "Authentifizierung fehlgeschlagen für '%s'",
        "Authentication failed for '%s'",
    ), // de
    (
        "konnte nicht auf '%s' zugreifen: ",
        "unable to access '%s': ",
    ), // de
    (
        "Repository '%s' nicht gefunden",
        "repository '%s' not found",
    ), // de
    (
        "Konnte nicht vom Remote-Repository lesen.",
        "Could not read from remote repository.",
    ), // de
    (
        "Fehler beim Versenden einiger Referenzen nach '%s'",
        "failed to push some refs to '%s'",
    ), // de
    (
        "Γίνεται κλωνοποίηση μέσα στο '%s'...",
        "Cloning into '%s'...",
    ), // el
    (
        "απέτυχε η δημοσίευση κάποιων ref στο '%s'",
        "failed to push some refs to '%s'",
    ), // el
    (
        "Autenticación falló para '%s'",
        "Authentication failed for '%s'",
    ), // es
    ("no es posible acceder a '%s': ", "unable to access '%s': "), // es
    (
        "repositorio '%s' no encontrado",
        "repository '%s' not found",
    ), // es
    (
        "No se pudo leer del repositorio remoto.",
        "Could not read from remote repository.",
    ), // es
    (
        "falló el empuje de algunas referencias a '%s'",
        "failed to push some refs to '%s'",
    ), // es
    (
        "Échec d'authentification pour '%s'",
        "Authentication failed for '%s'",
    ), // fr
    ("impossible d'accéder à '%s' : ", "unable to access '%s': "), // fr
    ("dépôt '%s' non trouvé", "repository '%s' not found"), // fr
    (
        "Impossible de lire le dépôt distant.",
        "Could not read from remote repository.",
    ), // fr
    (
        "impossible de pousser des références vers '%s'",
        "failed to push some refs to '%s'",
    ), // fr
    (
        "Autentikasi gagal untuk '%s'",
        "Authentication failed for '%s'",
    ), // id
    ("tidak dapat mengakses '%s': ", "unable to access '%s': "), // id
    (
        "repositori '%s' tidak ditemukan",
        "repository '%s' not found",
    ), // id
    (
        "Tidak dapat membaca dari repositori remote.",
        "Could not read from remote repository.",
    ), // id
    (
        "gagal dorong beberapa referensi ke '%s'",
        "failed to push some refs to '%s'",
    ), // id
    (
        "Autenticazione non riuscita per '%s'",
        "Authentication failed for '%s'",
    ), // it
    ("impossibile accedere a '%s': ", "unable to access '%s': "), // it
    ("repository '%s' non trovato", "repository '%s' not found"), // it
    (
        "Impossibile leggere dal repository remoto.",
        "Could not read from remote repository.",
    ), // it
    (
        "push di alcuni riferimenti su '%s' non riuscito",
        "failed to push some refs to '%s'",
    ), // it
    (
        "리모트 저장소에서 읽을 수 없습니다",
        "Could not read from remote repository.",
    ), // ko
    (
        "레퍼런스를 '%s'에 푸시하는데 실패했습니다",
        "failed to push some refs to '%s'",
    ), // ko
    (
        "Uwierzytelnienie nie powiodło się dla „%s\"",
        "Authentication failed for '%s'",
    ), // pl
    ("brak dostępu do „%s\": ", "unable to access '%s': "), // pl
    (
        "nie znaleziono repozytorium „%s\"",
        "repository '%s' not found",
    ), // pl
    (
        "Nie można czytać ze zdalnego repozytorium.",
        "Could not read from remote repository.",
    ), // pl
    (
        "nie można wypchnąć niektórych referencji do „%s\"",
        "failed to push some refs to '%s'",
    ), // pl
    (
        "Autenticação falhou para '%s'",
        "Authentication failed for '%s'",
    ), // pt_PT
    ("incapaz aceder '%s': ", "unable to access '%s': "),  // pt_PT
    ("repositório '%s' inexistente", "repository '%s' not found"), // pt_PT
    (
        "Incapaz de ler o repositório remoto.",
        "Could not read from remote repository.",
    ), // pt_PT
    (
        "falha ao atirar algumas refs para '%s'",
        "failed to push some refs to '%s'",
    ), // pt_PT
    ("«%s» недоступно: ", "unable to access '%s': "),      // ru
    (
        "Не удалось прочитать из внешнего репозитория.",
        "Could not read from remote repository.",
    ), // ru
    (
        "не удалось отправить некоторые ссылки в «%s»",
        "failed to push some refs to '%s'",
    ), // ru
    (
        "Autentisering misslyckades \"%s\"",
        "Authentication failed for '%s'",
    ), // sv
    ("kan inte komma åt \"%s\": ", "unable to access '%s': "), // sv
    ("arkivet \"%s\" hittades inte", "repository '%s' not found"), // sv
    (
        "Kunde inte läsa från fjärrarkiv.",
        "Could not read from remote repository.",
    ), // sv
    (
        "misslyckades sända vissa referenser till \"%s\"",
        "failed to push some refs to '%s'",
    ), // sv
    (
        "'%s' için kimlik doğrulaması başarısız",
        "Authentication failed for '%s'",
    ), // tr
    ("'%s' erişilemiyor: ", "unable to access '%s': "),    // tr
    ("'%s' deposu bulunamadı", "repository '%s' not found"), // tr
    (
        "Uzak konum deposu okunamadı.",
        "Could not read from remote repository.",
    ), // tr
    (
        "bazı başvurular '%s' konumuna itilemedi",
        "failed to push some refs to '%s'",
    ), // tr
    (
        "Xác thực gặp lỗi cho \"%s\"",
        "Authentication failed for '%s'",
    ), // vi
    ("không thể truy cập \"%s\": ", "unable to access '%s': "), // vi
    ("không tìm thấy kho \"%s\"", "repository '%s' not found"), // vi
    (
        "Không thể đọc từ kho trên mạng.",
        "Could not read from remote repository.",
    ), // vi
    (
        "gặp lỗi khi đẩy tới một số tham chiếu đến \"%s\"",
        "failed to push some refs to '%s'",
    ), // vi
    ("'%s' 鉴权失败", "Authentication failed for '%s'"),   // zh_CN
    ("无法访问 '%s'：", "unable to access '%s': "),        // zh_CN
    ("仓库 '%s' 未找到", "repository '%s' not found"),     // zh_CN
    (
        "无法读取远程仓库。",
        "Could not read from remote repository.",
    ), // zh_CN
    (
        "无法推送一些引用到 '%s'",
        "failed to push some refs to '%s'",
    ), // zh_CN
    ("'%s' 身份驗證失敗", "Authentication failed for '%s'"), // zh_TW
    ("無法存取 '%s'：", "unable to access '%s': "),        // zh_TW
    ("版本庫 '%s' 未找到", "repository '%s' not found"),   // zh_TW
    (
        "無法讀取遠端版本庫。",
        "Could not read from remote repository.",
    ), // zh_TW
    (
        "推送一些引用到 '%s' 失敗",
        "failed to push some refs to '%s'",
    ), // zh_TW
];
/// git's `fatal: ` and `error: ` as translated (where they are).
const PREFIXES: &[(&str, &str)] = &[
    ("фатална грешка: ", "fatal: "), // bg
    ("Schwerwiegend: ", "fatal: "),  // de
    ("fatal : ", "fatal: "),         // fr
    ("ödesdigert: ", "fatal: "),     // sv
    ("onulmaz: ", "fatal: "),        // tr
    ("致命错误：", "fatal: "),       // zh_CN
    ("致命錯誤: ", "fatal: "),       // zh_TW
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_s_translations_read_as_its_english() {
        for (local, english) in [
            (
                "Schwerwiegend: Authentifizierung fehlgeschlagen für 'https://bitbucket.org/a/b.git/'",
                "fatal: Authentication failed for 'https://bitbucket.org/a/b.git/'",
            ),
            // An older git kept `fatal: ` in English.
            (
                "fatal: Authentifizierung fehlgeschlagen für 'https://bitbucket.org/a/b.git/'",
                "fatal: Authentication failed for 'https://bitbucket.org/a/b.git/'",
            ),
            (
                "fatal : Échec d'authentification pour 'https://bitbucket.org/a/b.git/'",
                "fatal: Authentication failed for 'https://bitbucket.org/a/b.git/'",
            ),
            (
                "致命错误：'https://bitbucket.org/a/b.git/' 鉴权失败",
                "fatal: Authentication failed for 'https://bitbucket.org/a/b.git/'",
            ),
            (
                "致命错误：无法访问 'https://bitbucket.org/a/b.git/'：The requested URL returned error: 403",
                "fatal: unable to access 'https://bitbucket.org/a/b.git/': The requested URL returned error: 403",
            ),
            (
                "Klone nach 'b'...\nSchwerwiegend: Repository 'https://bitbucket.org/a/b.git/' nicht gefunden\n",
                "Klone nach 'b'...\nfatal: repository 'https://bitbucket.org/a/b.git/' not found\n",
            ),
            (
                "Schwerwiegend: Konnte nicht vom Remote-Repository lesen.",
                "fatal: Could not read from remote repository.",
            ),
        ] {
            assert_eq!(to_english(local), english, "{local}");
        }
    }

    #[test]
    fn other_text_is_left_as_it_is() {
        for text in [
            "fatal: Authentication failed for 'https://bitbucket.org/a/b.git/'",
            "Die Authentifizierung ist fehlgeschlagen, sagt Bitbucket",
            "Fehler: 'x' ist kein Git-Befehl",
            "",
        ] {
            assert!(matches!(to_english(text), Cow::Borrowed(_)), "{text}");
        }
        // A message's other half missing from its line: not git's.
        assert_eq!(
            to_english("Authentifizierung fehlgeschlagen für\n'x'"),
            "Authentifizierung fehlgeschlagen für\n'x'"
        );
    }
}
