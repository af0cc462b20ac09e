package handbook_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"isms/handbook"
	"isms/internal/testdir"
)

// amendedRepo holds two versions of the real handbook and a current text with one more change:
//   - r02-08: the real text;
//   - r03-04: 【04】第4条 amended, a 第10号 added to 【04】第13条第2項, a new 【10】第2条 (the old 2–10
//     become 3–11), 【13】第9条 deleted;
//   - current: 【01】第1条 amended, not listed as a version.
func amendedRepo(t testing.TB) (*handbookRepo, string) {
	r := newHandbookRepo(t)
	first := r.commit("r02-08", "令和2年8月版", "2020-08-01")
	r.amend("standards/04.md", "秘密保持誓約書をCISOに提出", "秘密保持誓約書をセキュリティ管理者に提出",
		"- (9) 職員等間でパスワードを共有してはならない。\n", "- (9) 職員等間でパスワードを共有してはならない。\n- (10) パスワードを電子メールで送信してはならない。\n")
	r.insertArticle("standards/10.md", 2, "訓練：A16.1.5", "情報セキュリティ事務局は、毎年度、事故対応の訓練を行わなければならない。")
	r.amend("standards/13.md", "\n### 第9条（マネジメントレビューでの報告：A16.1.1、A16.1.6）\n\nセキュリティ事務局は、是正計画の進捗状況について、マネジメントレビューで報告しなければならない。\n", "")
	r.commit("r03-04", "令和3年4月版", "2021-04-01")
	r.amend("standards/01.md", "セキュリティ組織に関し必要な事項", "セキュリティ組織及びその運営に関し必要な事項")
	return r, first
}

func TestBuildVersions(t *testing.T) {
	t.Parallel()
	built := amendedSite(t)
	public, log := built.public, built.log
	if log != "" {
		t.Errorf("the build logged %q", log)
	}
	tests := []struct {
		name, page string
		want       []string
	}{
		{"OldVersionBanner", "versions/r02-08/standards/04", []string{
			`<strong>この版は旧版です。</strong>令和2年8月版（令和2年8月1日施行）の条文を当時のまま掲載しています。現在の規定は<a href="/standards/04/" data-version="current">現行版の同じページ</a>をご覧ください。`,
			`>CISO</a>に提出しなければならない。`,
			`<a href="/versions/r02-08/controls/a13-2-4/">`,
		}},
		{"OldVersionMenu", "versions/r02-08/standards/10", []string{
			`<nav class="version-menu" aria-label="版の切替え" data-edition="r02-08" data-anchors="{`,
			`<li><a href="/standards/10/" data-version="current">現行版（令和3年4月版の後の変更を含む）</a></li>`,
			`<li><a href="/versions/r03-04/standards/10/" data-version="r03-04">令和3年4月版（令和3年4月1日施行）</a></li>`,
			`<li><a href="/versions/r02-08/standards/10/" data-version="r02-08" aria-current="page">令和2年8月版（令和2年8月1日施行）</a></li>`,
			`<section class="version-bar" aria-label="条文の版">`,
		}},
		// A printed standard says which version it is, with its 施行日 (a frozen one in its banner).
		{"CurrentEditionLine", "standards/04", []string{
			`<p class="edition-line">現行版（令和3年4月版（令和3年4月1日施行）の後の変更を含む）</p>`,
		}},
		{"CurrentEditionLineOfPolicy", "policy", []string{
			`<p class="edition-line">現行版（令和3年4月版（令和3年4月1日施行）の後の変更を含む）</p>`,
		}},
		{"CurrentMenu", "standards/04", []string{
			`data-edition="current"`,
			`<summary>表示中の版: 現行版（令和3年4月版の後の変更を含む）</summary>`,
			`<li><a href="/versions/r02-08/standards/04/" data-version="r02-08">令和2年8月版（令和2年8月1日施行）</a></li>`,
			`<link rel="stylesheet" href="/assets/versions.css">`,
			`<script src="/assets/versions.js" defer></script>`,
		}},
		// A page the frozen versions do not have links to their home pages instead.
		{"MenuFallsBackToVersionHome", "errata", []string{
			`<li><a href="/versions/r02-08/">令和2年8月版（令和2年8月1日施行）</a></li>`,
		}},
		{"Pair", "versions/r02-08..r03-04", []string{
			`<h1>新旧対照表（令和2年8月版 → 令和3年4月版）</h1>`,
			`<link rel="stylesheet" href="/assets/shinkyu-print.css" media="print">`,
			`<p class="shinkyu-lead">（傍線部分は改正部分）</p>`,
			`<thead><tr><th scope="col">改正後<span class="shinkyu-version">（令和3年4月版）</span></th><th scope="col">改正前<span class="shinkyu-version">（令和2年8月版）</span></th></tr></thead>`,
			`<tr id="art-04-4" class="row-amended"><td><p class="row-meta no-print"><span class="row-kind">改正</span> <a href="/versions/r03-04/standards/04/#art-4">改正後の条文</a> <a href="/versions/r02-08/standards/04/#art-4">改正前の条文</a></p><p class="l">（秘密保持誓約：A13.2.4）</p><p class="l">第4条　（略）</p><p class="l">2　職員以外の第三者が、本市の情報資産を使用する場合は、秘密保持誓約書を<ins><span class="visually-hidden">［傍線］</span>セキュリティ管理者<span class="visually-hidden">［傍線ここまで］</span></ins>に提出しなければならない。</p><p class="l">3　（略）</p></td><td><p class="l">（秘密保持誓約：A13.2.4）</p><p class="l">第4条　（略）</p><p class="l">2　職員以外の第三者が、本市の情報資産を使用する場合は、秘密保持誓約書を<del><span class="visually-hidden">［傍線］</span>CISO<span class="visually-hidden">［傍線ここまで］</span></del>に提出しなければならない。</p><p class="l">3　（略）</p></td></tr>`,
			// the 号 added to 第13条 is underlined whole, the 号 before it not at all
			`<p class="l">(9)　職員等間でパスワードを共有してはならない。</p><p class="l"><ins><span class="visually-hidden">［傍線］</span>(10)　パスワードを電子メールで送信してはならない。<span class="visually-hidden">［傍線ここまで］</span></ins></p></td>`,
			`<p class="l">(9)　職員等間でパスワードを共有してはならない。</p><p class="l">（新設）</p></td></tr>`,
			`<tr id="art-10-2" class="row-added">`,
			`<tr id="art-10-3" class="row-moved">`,
			`<tr id="old-art-13-9" class="row-deleted">`,
			`<p class="l">（削る）</p>`,
		}},
		{"PairToCurrent", "versions/r03-04..current", []string{
			`<h1>新旧対照表（令和3年4月版 → 現行版）</h1>`,
			`<tr id="art-01-1" class="row-amended">`,
		}},
		{"History", "history/10", []string{
			`<section class="article-history" id="art-2" aria-labelledby="art-2-h"><h2 id="art-2-h"><a href="/standards/10/#art-2">第2条（訓練）</a></h2><ol class="history-entries"><li><time class="history-date" datetime="2021-04-01">令和3年4月1日施行</time> <a href="/versions/r03-04/standards/10/#art-2">令和3年4月版</a> <span class="history-kind">新設</span>（第2条） <a href="/versions/r02-08..r03-04/#art-10-2">新旧対照表</a></li></ol></section>`,
			`<span class="history-kind">条番号変更</span>（第2条 → 第3条） <a href="/versions/r02-08..r03-04/#art-10-3">新旧対照表</a>`,
		}},
		{"HistoryOfAmendedItem", "history/04", []string{
			`<span class="history-kind">改正</span>（第2項第10号を新設） <a href="/versions/r02-08..r03-04/#art-04-13">新旧対照表</a>`,
		}},
		{"HistoryOfDeleted", "history/13", []string{
			`<h2 id="others">この版にない条</h2>`,
			`第9条（マネジメントレビューでの報告）</h3>`,
			`<span class="history-kind">削除</span>（第9条） <a href="/versions/r02-08..r03-04/#old-art-13-9">新旧対照表</a>`,
		}},
		{"HistoryOfUnlistedChange", "history/01", []string{
			`<span class="history-date">版として登録前</span> <a href="/standards/01/#art-1">現行版</a> <span class="history-kind">改正</span> <a href="/versions/r03-04..current/#art-01-1">新旧対照表</a>`,
		}},
		// A frozen version's history numbers the articles as that version does.
		{"HistoryOfOldVersion", "versions/r02-08/history/10", []string{
			`<h2 id="art-2-h"><a href="/versions/r02-08/standards/10/#art-2">第2条（対象者）</a></h2>`,
			`第2条（訓練）</h3>`,
			`この版は旧版です。`,
		}},
		{"HistoryIndex", "history", []string{
			`<h2>令和3年4月版（令和3年4月1日施行）</h2><p><a href="/versions/r02-08..r03-04/">新旧対照表（令和2年8月版 → 令和3年4月版）</a></p><ul><li><a href="/versions/r02-08..r03-04/#art-04-4">【04】第4条</a> 改正</li><li><a href="/versions/r02-08..r03-04/#art-04-13">【04】第13条</a> 改正</li><li><a href="/versions/r02-08..r03-04/#art-10-2">【10】第2条</a> 新設</li><li><a href="/versions/r02-08..r03-04/#art-10-3">【10】第3条～第11条</a> 条番号変更</li><li><a href="/versions/r02-08..r03-04/#old-art-13-9">【13】旧第9条</a> 削除</li></ul>`,
		}},
		{"VersionList", "versions", []string{
			`<tr><th scope="row"><a href="/versions/r03-04/">令和3年4月版</a></th><td><time datetime="2021-04-01">令和3年4月1日</time></td><td>令和3年4月版の改正</td><td><a href="/versions/r02-08..r03-04/">令和2年8月版との対照</a></td></tr>`,
		}},
		{"VersionHome", "versions/r02-08", []string{
			`<li><a href="/versions/r02-08/standards/13/">【13】情報セキュリティ改善に関する基準</a></li>`,
			`<li><a href="/versions/r02-08..r03-04/">令和2年8月版 → 令和3年4月版</a></li>`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readPage(t, public, tt.page)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("/%s/: not found:\n%s", tt.page, w)
				}
			}
		})
	}
	t.Run("Assets", func(t *testing.T) {
		for _, a := range []string{"versions.css", "versions.js", "shinkyu-print.css"} {
			if _, err := os.Stat(filepath.Join(public, "assets", a)); err != nil {
				t.Error(err)
			}
		}
	})
	// Nothing the version pages link or load comes from another origin.
	t.Run("NoOtherOrigin", func(t *testing.T) {
		external := regexp.MustCompile(`(?:src|href)="(?:https?:)?//`)
		for _, dir := range []string{"versions", "history", "standards"} {
			filepath.WalkDir(filepath.Join(public, dir), func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, _ := os.ReadFile(p)
				if m := external.Find(data); m != nil {
					t.Errorf("%s: %s", p, m)
				}
				return nil
			})
		}
	})
}

// An unpacked archive (no .git) and a shallow clone build the current text, with history pages that say
// why they are empty, and log exactly one line about it.
func TestBuildVersionsWithoutHistory(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		tree    func(t *testing.T, r *handbookRepo, first string) string
		wantLog string
	}{
		{"NoDotGit", func(t *testing.T, r *handbookRepo, first string) string {
			dir := t.TempDir()
			testdir.Copy(t, r.dir, dir, ".git")
			return dir
		}, "isms: git の履歴（.git）がないため、versions.toml に載っている 2 件の旧版は生成せず、現行版のみ生成します\n"},
		{"ShallowClone", func(t *testing.T, r *handbookRepo, first string) string {
			dir := t.TempDir()
			testdir.Copy(t, r.dir, dir, "")
			head, err := r.git.Head()
			if err != nil {
				t.Fatal(err)
			}
			// what git clone --depth 1 leaves: the newest commit, marked shallow, without its parent
			if err := os.Remove(filepath.Join(dir, ".git", "objects", first[:2], first[2:])); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, ".git", "shallow"), []byte(head.Hash().String()+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return dir
		}, "isms: 浅いクローン（shallow clone）で版 r02-08 のコミット FIRST がないため、旧版は生成せず現行版のみ生成します（全履歴は git fetch --unshallow で取得できます）\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, first := amendedRepo(t)
			dir := tt.tree(t, r, first)
			public, log := buildVersions(t, dir)
			if want := strings.Replace(tt.wantLog, "FIRST", first[:7], 1); log != want {
				t.Errorf("log: got %q, want %q", log, want)
			}
			if _, err := os.Stat(filepath.Join(public, "versions", "r02-08")); err == nil {
				t.Error("a frozen version was built without its history")
			}
			if got := readPage(t, public, "standards/01"); !strings.Contains(got, "セキュリティ組織及びその運営に関し") || strings.Contains(got, `class="version-menu"`) {
				t.Error("/standards/01/ is not the current text, or has a version menu with nothing to choose")
			}
			if got := readPage(t, public, "history/04"); !strings.Contains(got, `<p class="note">このサイトの生成時に git の履歴を読めなかったため、改正履歴を表示できません。</p>`) ||
				!strings.Contains(got, `id="art-13"`) {
				t.Error("/history/04/ does not explain why it is empty, or lacks the article anchors")
			}
		})
	}
}

// The repository's own history: versions.toml lists 令和2年8月版, which a full clone builds as a frozen
// copy; a shallow or archived tree says in one line why it did not.
func TestBuildRepositoryVersions(t *testing.T) {
	t.Parallel()
	var log strings.Builder
	v := &handbook.Versions{Root: root, Log: &log}
	public := filepath.Join(t.TempDir(), "public")
	if _, err := handbook.Build(context.Background(), handbook.Options{Root: root, Content: filepath.Join(root, "content"), Public: public,
		Before: []handbook.Step{v.Stage}, After: []handbook.Step{v.Publish}}); err != nil {
		t.Fatal(err)
	}
	if log.Len() > 0 {
		if strings.Count(log.String(), "\n") != 1 {
			t.Errorf("log: %q", log.String())
		}
		return
	}
	// Whether the current text still equals 令和2年8月版 depends on later commits; the banner names the
	// version either way.
	got := readPage(t, public, "versions/r02-08/standards/04")
	if !strings.Contains(got, "令和2年8月版（令和2年8月1日施行）") || !strings.Contains(got, `data-version="current">現行版の同じページ</a>`) {
		t.Error("/versions/r02-08/standards/04/ has no banner naming its version and linking to the current text")
	}
	if got := readPage(t, public, "history/04"); !strings.Contains(got, `<span class="history-kind">収録</span>（第13条）`) {
		t.Error("/history/04/ does not list 令和2年8月版 for 第13条")
	}
}
