package evidencepack

import (
	"fmt"
	"io"

	"isms/tracker"
)

// writeReadme says what the pack holds and how to check it, for whoever opens it.
func writeReadme(w io.Writer, m *Manifest) error {
	_, err := fmt.Fprintf(w, `監査証跡パック　%s
%s（職員名簿情報を含む記録から作成。【03】第9条に従って取り扱うこと）

作成　%s　%s

このパックは、【01】第17条の教育の記録について、内部監査（【12】第3条・第4条）に提出する証跡である。

  report/annual.html      年度報告（情報セキュリティ委員会への報告。A4で印刷できる）
  report/annual.xlsx      年度報告の表の元データ
  plan/plan.json          年度教育計画、委員会の承認、計画の保存記録のすべて
  plan/proposals.json     次年度計画への提案の記録
  roster/summary.csv      名簿の概要（所属・役割・区分ごとの人数）
  roster/imports.csv      名簿の取り込み履歴（ファイルのSHA-256を含む）
  roster/people.csv       名簿（氏名を含む。作成時に指定したときだけ）
  exports/*.csv           年度の記録の出力（受講状況一覧、未受講者一覧、受験記録、研修の有効性評価）
  audit/events.jsonl      監査ログ（番号 %d〜%d）。各行のハッシュが前の行のハッシュを含む
  audit/anchors.txt       控え（isms audit head で記録したもの）と、このパックの作成時の最新
  records/*.jsonl         監査ログが記録した証跡（受験記録、アンケート回答、計画、名簿の取り込み、持ち出し等）
  records/columns.json    証跡の各列の名前
  manifest.json           目録：上のすべてのファイルの大きさとSHA-256
  seal.json               封印：このパックの持ち出し記録と、それを書いた監査ログ。記録は目録のSHA-256を持つ

確かめ方（データベースは要らない）:

  isms evidence verify このファイル.zip [-anchor 番号-ハッシュ]

目録と各ファイル、監査ログのつながり、各証跡と監査ログに記録されたSHA-256、出力ファイルと持ち出し記録、
封印と目録を照合し、一致しないものがあればその名前を示す。

限界: パックの中だけで確かめられるのは、パックが自分自身と矛盾しないことである。作り直されたパックと
区別するには、封印の番号とハッシュ（isms evidence pack の出力）を作成時に委員会の記録などパックの外に
控え、-anchor で照合すること。監査ログ番号 %d より前の記録は、このパックには含まれない。
`, m.FiscalYear, tracker.ClassificationA, tracker.JapaneseTime(m.MadeAt), m.MadeBy,
		m.Chain.First, m.Chain.Head, m.Chain.First)
	return err
}
